package io.faceengine.jobs.batch;

import jakarta.transaction.TransactionManager;
import org.jberet.repository.JobRepository;
import org.jberet.se.BatchSEEnvironment;
import org.jberet.spi.ArtifactFactory;
import org.jberet.spi.BatchEnvironment;
import org.jberet.spi.JobTask;
import org.jberet.spi.JobXmlResolver;

import java.util.Properties;

/**
 * JBeret's Java SE environment (Weld for batch artifacts, its thread pool, job XML from
 * META-INF/batch-jobs) with the job repository chosen by our configuration. JBeret SE alone
 * reads the repository from a jberet.properties on the classpath and keeps the first one for the
 * JVM's lifetime; here the URL comes from run.jobRepository at run time.
 */
final class RunBatchEnvironment implements BatchEnvironment {
    private final BatchSEEnvironment se = new BatchSEEnvironment();
    private final JobRepository repository;

    RunBatchEnvironment(JobRepository repository) {
        this.repository = repository;
    }

    @Override
    public JobRepository getJobRepository() {
        return repository;
    }

    @Override
    public ClassLoader getClassLoader() {
        return se.getClassLoader();
    }

    @Override
    public ArtifactFactory getArtifactFactory() {
        return se.getArtifactFactory();
    }

    @Override
    public void submitTask(JobTask task) {
        se.submitTask(task);
    }

    @Override
    public TransactionManager getTransactionManager() {
        return se.getTransactionManager();
    }

    @Override
    public JobXmlResolver getJobXmlResolver() {
        return se.getJobXmlResolver();
    }

    @Override
    public Properties getBatchConfigurationProperties() {
        return se.getBatchConfigurationProperties();
    }

    @Override
    public String getApplicationName() {
        return se.getApplicationName();
    }
}
