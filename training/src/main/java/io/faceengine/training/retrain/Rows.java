package io.faceengine.training.retrain;

import org.apache.spark.sql.Row;

import java.util.List;

/** Reads array&lt;float&gt; cells into primitive arrays. */
final class Rows {
    private Rows() {
    }

    static float[] floats(Row row, int field) {
        List<Object> values = row.getList(field);
        float[] out = new float[values.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = ((Number) values.get(k)).floatValue();
        }
        return out;
    }
}
