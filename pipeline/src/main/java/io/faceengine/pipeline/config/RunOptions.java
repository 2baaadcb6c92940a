package io.faceengine.pipeline.config;

import java.util.List;

/**
 * How a run is launched: where its tables go, what it reads when no input is given, and where
 * the batch runtime keeps its job repository (the record of executions that makes restart work).
 *
 * @param dataRoot      default data root (local path or Hadoop URI) when the command line gives none
 * @param inputs        default inputs (directories of sets or manifests) when the command line gives none
 * @param jobRepository the JDBC job repository
 */
public record RunOptions(String dataRoot, List<String> inputs, JobRepositoryOptions jobRepository) {
    public RunOptions {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        if (jobRepository == null) {
            throw new IllegalArgumentException("run.jobRepository is required (run.jobRepository.url)");
        }
    }

    /**
     * A JDBC job repository. H2 (a local file) by default; a shared PostgreSQL by setting the URL,
     * e.g. {@code jdbc:postgresql://host:5432/faceengine}. An empty password falls back to the
     * environment variable FACE_ENGINE_JOB_REPOSITORY_PASSWORD, so it need not be written anywhere.
     */
    public record JobRepositoryOptions(String url, String user, String password) {
        public JobRepositoryOptions {
            if (url == null || url.isBlank() || !url.startsWith("jdbc:")) {
                throw new IllegalArgumentException("run.jobRepository.url must be a JDBC URL, got '" + url + "'");
            }
            user = user == null ? "" : user;
            password = password == null ? "" : password;
        }
    }
}
