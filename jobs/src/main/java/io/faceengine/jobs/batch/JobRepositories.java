package io.faceengine.jobs.batch;

import io.faceengine.pipeline.config.RunOptions.JobRepositoryOptions;
import org.jberet.repository.JdbcRepository;
import org.jberet.repository.JobRepository;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;

/** Creates JBeret's JDBC job repository from run.jobRepository; JBeret creates its tables on first use. */
final class JobRepositories {
    private static final String PASSWORD_VARIABLE = "FACE_ENGINE_JOB_REPOSITORY_PASSWORD";
    private static final String H2_BIND_ADDRESS = "h2.bindAddress";
    private static final Map<JobRepositoryOptions, Connection> KEPT_OPEN = new HashMap<>();

    private JobRepositories() {
    }

    static synchronized JobRepository create(JobRepositoryOptions options) {
        loadDrivers();
        String password = options.password().isEmpty() ? System.getenv(PASSWORD_VARIABLE) : options.password();
        Properties jberet = new Properties();
        Properties jdbc = new Properties();
        jberet.setProperty("db-url", options.url());
        if (!options.user().isEmpty()) {
            jberet.setProperty("db-user", options.user());
            jdbc.setProperty("user", options.user());
        }
        if (password != null && !password.isEmpty()) {
            jberet.setProperty("db-password", password);
            jdbc.setProperty("password", password);
        }
        if (options.url().startsWith("jdbc:h2:") && !KEPT_OPEN.containsKey(options)) {
            KEPT_OPEN.put(options, keepOpen(options.url(), jdbc));
        }
        return JdbcRepository.create(jberet);
    }

    /**
     * JBeret opens a connection per operation. With an H2 file, the last close closes the database
     * and the next operation reopens it; another process opening the file at that moment (status
     * during a run) then makes the run's next operation fail. One connection held for the JVM's
     * lifetime keeps the database open here, and other processes come in through its AUTO_SERVER,
     * whose server listens on the loopback address only.
     */
    private static Connection keepOpen(String url, Properties credentials) {
        if (System.getProperty(H2_BIND_ADDRESS) == null) {
            System.setProperty(H2_BIND_ADDRESS, "127.0.0.1");
        }
        try {
            return DriverManager.getConnection(url, credentials);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the job repository " + url + ": " + e.getMessage(), e);
        }
    }

    /**
     * Closes the connection {@link #keepOpen} holds, so an H2 file database closes: until then its
     * lock-file thread keeps rewriting {@code <name>.lock.db}, even after the file or its folder was
     * deleted. A process that exits needs no call; one that goes on after its runs (tests) does.
     */
    static synchronized void release(JobRepositoryOptions options) {
        Connection kept = KEPT_OPEN.remove(options);
        if (kept == null) {
            return;
        }
        try {
            kept.close();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot close the job repository " + options.url() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the JDBC drivers packed with the application, which registers them with DriverManager.
     * Under spark-submit the application has its own class loader, which DriverManager's automatic
     * driver discovery may not have seen.
     */
    private static void loadDrivers() {
        for (Driver ignored : ServiceLoader.load(Driver.class, JobRepositories.class.getClassLoader())) {
            // instantiating the driver class runs its static registration
        }
    }
}
