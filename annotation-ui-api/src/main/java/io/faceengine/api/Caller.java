package io.faceengine.api;

/** Who sent a request, from the token it presented. */
public record Caller(String name, Role role) {
}
