package io.faceengine.api;

import java.util.Locale;

/** What a token may do; each role may also do everything of the roles before it. */
public enum Role {
    ANNOTATOR, REVIEWER, ADMIN;

    boolean covers(Role required) {
        return ordinal() >= required.ordinal();
    }

    String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Role parse(String text) {
        for (Role role : values()) {
            if (role.text().equals(text)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "' (known: annotator, reviewer, admin)");
    }
}
