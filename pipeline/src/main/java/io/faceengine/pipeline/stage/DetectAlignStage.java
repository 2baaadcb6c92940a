package io.faceengine.pipeline.stage;

import io.faceengine.pipeline.FaceModels;
import io.faceengine.pipeline.align.AlignmentTemplate;
import io.faceengine.pipeline.align.GivenCrops;
import io.faceengine.pipeline.config.ConfigLoader;
import io.faceengine.pipeline.config.FaceEngineConfig;
import io.faceengine.pipeline.face.DetectedFace;
import io.faceengine.pipeline.image.CropCodec;
import io.faceengine.pipeline.image.ImageDecodeException;
import io.faceengine.pipeline.image.ImageDecoder;
import io.faceengine.pipeline.image.RgbImage;
import io.faceengine.pipeline.table.ContentIds;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.util.LongAccumulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static io.faceengine.pipeline.table.FaceTables.*;

/**
 * Detect + align: decodes each image that ingest accepted, finds faces with landmarks, warps
 * each face to the 112x112 template and stores the crop as JPEG, so no later stage (nor the
 * review API) decodes the original again. Runs on executors, batched, with per-executor
 * model sessions. Images that now fail (e.g. a file changed since ingest) get that status.
 * <p>With {@code input.alignedCrops} the images are already aligned crops: no model runs, each
 * image is one face as {@link GivenCrops} describes (det_score NaN), and an image that cannot
 * be such a crop gets the status {@link GivenCrops#NOT_AN_ALIGNED_CROP}.
 * <p>Reads: the {@link io.faceengine.pipeline.table.FaceTables#IMAGES} schema. Writes: the same
 * schema with status, message and face_count set, plus {@link #FACES} (array of {@link #FACE}).
 */
public final class DetectAlignStage implements FrameStage {
    private static final String STAGE = "detect-align";
    public static final String FACES = "faces";
    /** One detected face of an image; exploded later into the faces table. */
    public static final StructType FACE = new StructType()
            .add(FACE_ID, DataTypes.StringType, false).add(FACE_INDEX, DataTypes.IntegerType, false)
            .add(BOX_X1, DataTypes.FloatType, false).add(BOX_Y1, DataTypes.FloatType, false)
            .add(BOX_X2, DataTypes.FloatType, false).add(BOX_Y2, DataTypes.FloatType, false)
            .add(DET_SCORE, DataTypes.FloatType, false)
            .add(LANDMARKS, DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add(CROP_JPEG, DataTypes.BinaryType, false);

    private final String configJson;
    private final ExecutorModels models;
    private final HashMap<String, String> hadoopConf;
    private final LongAccumulator imagesDone;

    /** @param imagesDone counts processed images, so the driver can report progress (may be null) */
    public DetectAlignStage(FaceEngineConfig config, ExecutorModels models, Map<String, String> hadoopConf,
                            LongAccumulator imagesDone) {
        this.configJson = ConfigLoader.toJson(config);
        this.models = models;
        this.hadoopConf = new HashMap<>(hadoopConf);
        this.imagesDone = imagesDone;
    }

    @Override
    public StructType transformSchema(StructType input) {
        SchemaContract.require(STAGE, input, IMAGES.apply(IMAGE_ID), IMAGES.apply(URI), IMAGES.apply(STATUS));
        return SchemaContract.withColumns(input, new StructType()
                .add(FACES, DataTypes.createArrayType(FACE, false), false));
    }

    @Override
    public Dataset<Row> transform(Dataset<Row> input) {
        StructType output = transformSchema(input.schema());
        String configJson = this.configJson;
        ExecutorModels models = this.models;
        HashMap<String, String> conf = this.hadoopConf;
        LongAccumulator done = this.imagesDone;
        return input.mapPartitions((MapPartitionsFunction<Row, Row>) rows -> {
            FaceEngineConfig config = ConfigLoader.fromJson(configJson);
            // Given crops need no model: the sessions are not even loaded.
            FaceModels faceModels = config.input().alignedCrops() ? null : models.load(config);
            Worker worker = new Worker(config, faceModels, HadoopConf.restore(conf), output, done);
            return new BatchingIterator<>(rows, config.stages().detectImagesPerBatch(), worker::process);
        }, Encoders.row(output));
    }

    /** The executor side: one per partition, holding the decoder and the shared model sessions. */
    private static final class Worker {
        private final FaceEngineConfig config;
        /** Null when the images are given crops. */
        private final FaceModels models;
        private final GivenCrops givenCrops;
        private final ImageDecoder decoder;
        private final Configuration hadoop;
        private final StructType output;
        private final LongAccumulator done;

        Worker(FaceEngineConfig config, FaceModels models, Configuration hadoop, StructType output, LongAccumulator done) {
            this.config = config;
            this.models = models;
            this.givenCrops = new GivenCrops(AlignmentTemplate.standard112());
            this.decoder = new ImageDecoder(config.image());
            this.hadoop = hadoop;
            this.output = output;
            this.done = done;
        }

        List<Row> process(List<Row> batch) {
            List<Row> results = new ArrayList<>(batch.size());
            List<Integer> decodedAt = new ArrayList<>();
            List<RgbImage> images = new ArrayList<>();
            String[] statuses = new String[batch.size()];
            String[] messages = new String[batch.size()];
            for (int i = 0; i < batch.size(); i++) {
                Row row = batch.get(i);
                statuses[i] = row.getAs(STATUS);
                messages[i] = row.getAs(MESSAGE);
                if (!"OK".equals(statuses[i])) {
                    continue;
                }
                try {
                    images.add(decode(row.getAs(URI)));
                    decodedAt.add(i);
                } catch (ImageDecodeException e) {
                    statuses[i] = e.reason().name();
                    messages[i] = e.getMessage();
                }
            }
            List<Row[]> facesOf = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                facesOf.add(new Row[0]);
            }
            if (config.input().alignedCrops()) {
                for (int k = 0; k < images.size(); k++) {
                    int i = decodedAt.get(k);
                    RgbImage image = images.get(k);
                    Optional<String> rejection = GivenCrops.rejection(image.width(), image.height());
                    if (rejection.isPresent()) {
                        statuses[i] = GivenCrops.NOT_AN_ALIGNED_CROP;
                        messages[i] = rejection.get();
                    } else {
                        facesOf.set(i, faceRows(batch.get(i).getAs(IMAGE_ID),
                                List.of(givenCrops.face(image.width(), image.height())), face -> givenCrops.crop(image)));
                    }
                }
            } else {
                List<List<DetectedFace>> detections = models.detector().detect(images);
                for (int k = 0; k < images.size(); k++) {
                    int i = decodedAt.get(k);
                    RgbImage image = images.get(k);
                    facesOf.set(i, faceRows(batch.get(i).getAs(IMAGE_ID), detections.get(k),
                            face -> models.aligner().align(image, face.landmarks()).crop()));
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                results.add(withDetections(batch.get(i), statuses[i], messages[i], facesOf.get(i),
                        "OK".equals(statuses[i])));
            }
            if (done != null) {
                done.add(batch.size());
            }
            return results;
        }

        private RgbImage decode(String uri) throws ImageDecodeException {
            Path path = new Path(uri);
            try (FSDataInputStream in = path.getFileSystem(hadoop).open(path)) {
                return decoder.decode(in.readAllBytes(), uri).image();
            } catch (IOException e) {
                throw new ImageDecodeException(io.faceengine.pipeline.image.DecodeFailure.UNREADABLE,
                        "cannot read " + uri + " any more: " + e.getMessage(), e);
            }
        }

        private Row[] faceRows(String imageId, List<DetectedFace> faces, Function<DetectedFace, RgbImage> cropOf) {
            Row[] rows = new Row[faces.size()];
            for (int f = 0; f < faces.size(); f++) {
                DetectedFace face = faces.get(f);
                float[] landmarks = new float[10];
                System.arraycopy(face.landmarks().x(), 0, landmarks, 0, 5);
                System.arraycopy(face.landmarks().y(), 0, landmarks, 5, 5);
                byte[] crop = CropCodec.encode(cropOf.apply(face), config.stages().cropJpegQuality());
                rows[f] = RowFactory.create(ContentIds.faceId(imageId, f), f, face.box().x1(), face.box().y1(),
                        face.box().x2(), face.box().y2(), face.score(), landmarks, crop);
            }
            return rows;
        }

        private Row withDetections(Row input, String status, String message, Row[] faces, boolean decoded) {
            Object[] values = new Object[output.size()];
            for (int c = 0; c < output.size(); c++) {
                String name = output.fields()[c].name();
                values[c] = switch (name) {
                    case STATUS -> status;
                    case MESSAGE -> message;
                    case FACE_COUNT -> decoded ? (Object) faces.length : null;
                    case DetectAlignStage.FACES -> faces;
                    default -> input.getAs(name);
                };
            }
            return RowFactory.create(values);
        }
    }
}
