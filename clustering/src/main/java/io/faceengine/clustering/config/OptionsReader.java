package io.faceengine.clustering.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Binds one configuration section onto an options record: keys the section leaves out keep the
 * record's documented defaults (never a silent 0), unknown keys and ill-typed values are errors
 * that name the key, and the record's own constructor checks the values.
 */
public final class OptionsReader {
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    private OptionsReader() {
    }

    /**
     * @param section     the section's tree; null or missing means "all defaults"
     * @param defaults    the record holding the defaults
     * @param sectionName dotted name for messages, e.g. {@code dedup}
     */
    public static <T> T read(JsonNode section, T defaults, Class<T> type, String sectionName) {
        ObjectNode merged = STRICT.valueToTree(defaults);
        if (section != null && !section.isMissingNode() && !section.isNull()) {
            if (!section.isObject()) {
                throw new IllegalArgumentException(sectionName + " must be a mapping of keys to values");
            }
            Iterator<Map.Entry<String, JsonNode>> fields = section.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!merged.has(field.getKey())) {
                    List<String> known = new ArrayList<>();
                    merged.fieldNames().forEachRemaining(known::add);
                    throw new IllegalArgumentException("unknown key " + sectionName + "." + field.getKey() + "; known: " + known);
                }
                merged.set(field.getKey(), field.getValue());
            }
        }
        try {
            return STRICT.treeToValue(merged, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid " + sectionName + " configuration: " + e.getMessage(), e);
        }
    }
}
