package io.faceengine.training.retrain;

import io.faceengine.pipeline.stage.FrameStage;
import io.faceengine.pipeline.stage.SchemaContract;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.Metadata;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.udf;

/**
 * Applies a trained {@link EmbeddingAdapter} to a table of embeddings, on the executors (the
 * adapter is d²·4 bytes and travels in the task).
 *
 * <p>Reads {@code inputColumn} (array&lt;float&gt;); writes {@code outputColumn} (array&lt;float&gt;,
 * unit length; null where the input is null), replacing a column of that name.
 */
public final class AdapterStage implements FrameStage {
    private static final String STAGE = "embedding adapter";

    private final EmbeddingAdapter adapter;
    private final String inputColumn;
    private final String outputColumn;

    public AdapterStage(EmbeddingAdapter adapter, String inputColumn, String outputColumn) {
        this.adapter = adapter;
        this.inputColumn = inputColumn;
        this.outputColumn = outputColumn;
    }

    @Override
    public StructType transformSchema(StructType input) {
        SchemaContract.require(STAGE, input, arrayOfFloats(inputColumn));
        return SchemaContract.withColumns(input, new StructType(new StructField[]{arrayOfFloats(outputColumn)}));
    }

    @Override
    public Dataset<Row> transform(Dataset<Row> input) {
        transformSchema(input.schema());
        EmbeddingAdapter adapter = this.adapter;
        UserDefinedFunction adapt = udf((UDF1<scala.collection.Seq<Object>, float[]>) values -> {
            if (values == null) {
                return null;
            }
            List<Object> list = scala.jdk.javaapi.CollectionConverters.asJava(values);
            float[] embedding = new float[list.size()];
            for (int k = 0; k < embedding.length; k++) {
                embedding[k] = ((Number) list.get(k)).floatValue();
            }
            return adapter.apply(embedding);
        }, DataTypes.createArrayType(DataTypes.FloatType, false));
        return input.withColumn(outputColumn, adapt.apply(col(inputColumn)));
    }

    private static StructField arrayOfFloats(String name) {
        return new StructField(name, DataTypes.createArrayType(DataTypes.FloatType), true, Metadata.empty());
    }
}
