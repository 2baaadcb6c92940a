package io.faceengine.pipeline.stage;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.Arrays;

/** Checks a stage's required input columns and builds its output schema. */
public final class SchemaContract {
    private SchemaContract() {
    }

    /** Throws when {@code input} lacks one of {@code required} (by name and data type). */
    public static void require(String stage, StructType input, StructField... required) {
        for (StructField field : required) {
            if (!Arrays.asList(input.fieldNames()).contains(field.name())) {
                throw new StageSchemaException(stage + " needs column '" + field.name() + "' (" + field.dataType().simpleString()
                        + "); the input has " + Arrays.toString(input.fieldNames()));
            }
            DataType actual = input.apply(field.name()).dataType();
            if (!actual.sameType(field.dataType())) {
                throw new StageSchemaException(stage + " needs column '" + field.name() + "' of type "
                        + field.dataType().simpleString() + ", found " + actual.simpleString());
            }
        }
    }

    /** {@code input} with {@code added} appended, replacing same-named columns. */
    public static StructType withColumns(StructType input, StructType added) {
        StructType out = new StructType();
        for (StructField field : input.fields()) {
            if (!Arrays.asList(added.fieldNames()).contains(field.name())) {
                out = out.add(field);
            }
        }
        for (StructField field : added.fields()) {
            out = out.add(field);
        }
        return out;
    }
}
