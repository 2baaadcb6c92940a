package io.faceengine.pipeline.stage;

import io.faceengine.pipeline.config.ConfigLoader;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.embed.FaceEmbedder;
import io.faceengine.pipeline.face.Embedding;
import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.RgbImage;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.faceengine.pipeline.table.FaceTables.*;

/**
 * Embeds the stored aligned crops on executors, in batches. Faces that failed the quality
 * filter keep a null embedding (they stay in the table with their reasons; nothing is lost).
 * <p>Reads: crop_jpeg, and quality_pass when present. Writes: embedding, embedding_norm, model_version.
 */
public final class EmbedStage implements FrameStage {
    private static final String STAGE = "embed";

    private final String configJson;
    private final ExecutorModels models;
    private final LongAccumulator facesDone;
    private final FaultPoint faultPoint;

    /**
     * @param facesDone  counts processed faces for progress reports (may be null)
     * @param faultPoint test hook called once per batch on executors (use {@link FaultPoint#NONE})
     */
    public EmbedStage(FaceEngineConfig config, ExecutorModels models, LongAccumulator facesDone, FaultPoint faultPoint) {
        this.configJson = ConfigLoader.toJson(config);
        this.models = models;
        this.facesDone = facesDone;
        this.faultPoint = faultPoint;
    }

    @Override
    public StructType transformSchema(StructType input) {
        SchemaContract.require(STAGE, input, DETECTED_FACES.apply(CROP_JPEG));
        return SchemaContract.withColumns(input, EMBEDDING_COLUMNS);
    }

    @Override
    public Dataset<Row> transform(Dataset<Row> input) {
        StructType output = transformSchema(input.schema());
        boolean filtered = Arrays.asList(input.schema().fieldNames()).contains(QUALITY_PASS);
        String configJson = this.configJson;
        ExecutorModels models = this.models;
        LongAccumulator done = this.facesDone;
        FaultPoint fault = this.faultPoint;
        String version = models.embedderVersion();
        return input.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
            FaceEngineConfig config = ConfigLoader.fromJson(configJson);
            FaceEmbedder embedder = models.loadEmbedder(config);
            return new BatchingIterator<>(rows, config.embedding().maxBatch(), batch -> {
                fault.reached();
                List<Integer> selected = new ArrayList<>();
                List<RgbImage> crops = new ArrayList<>();
                for (int i = 0; i < batch.size(); i++) {
                    Row row = batch.get(i);
                    if (!filtered || Boolean.TRUE.equals(row.getAs(QUALITY_PASS))) {
                        selected.add(i);
                        crops.add(CropCodec.decode(row.getAs(CROP_JPEG)));
                    }
                }
                List<Embedding> embeddings = embedder.embed(crops);
                Embedding[] byRow = new Embedding[batch.size()];
                for (int k = 0; k < selected.size(); k++) {
                    byRow[selected.get(k)] = embeddings.get(k);
                }
                List<Row> out = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    out.add(withEmbedding(batch.get(i), byRow[i], output, version));
                }
                if (done != null) {
                    done.add(batch.size());
                }
                return out;
            });
        }, Encoders.row(output));
    }

    private static Row withEmbedding(Row input, Embedding embedding, StructType output, String version) {
        Object[] values = new Object[output.size()];
        for (int c = 0; c < output.size(); c++) {
            String name = output.fields()[c].name();
            values[c] = switch (name) {
                case EMBEDDING -> embedding == null ? null : embedding.vector();
                case EMBEDDING_NORM -> embedding == null ? null : embedding.rawNorm();
                case MODEL_VERSION -> embedding == null ? null : version;
                default -> input.getAs(name);
            };
        }
        return RowFactory.create(values);
    }
}
