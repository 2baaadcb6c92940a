package io.faceengine.pipeline.config;

/** The configuration cannot be read or is invalid; the message names the key or file. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
