package io.faceengine.jobs.steps;

import io.faceengine.clustering.stage.IdentityTables;
import io.faceengine.jobs.run.RunLayout;
import io.faceengine.jobs.run.TableCatalog;
import io.faceengine.pipeline.io.RunFiles;
import io.faceengine.pipeline.stage.HadoopConf;
import io.faceengine.pipeline.table.CropArchives;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.ForeachPartitionFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.apache.spark.sql.functions.col;

/**
 * Writes the aligned crops of the run's clustered faces (the faces of its {@code clusters} table,
 * which for a set clustered again after human decisions include faces earlier runs detected) as
 * the ZIP archives the review API serves; names in {@link CropArchives}. Each Spark partition
 * writes one archive on its executor under a temporary name, then renames it into place, so a
 * reader never sees half an archive. The number of archives follows from the number of faces, faces
 * are hash-partitioned by id and sorted within an archive, and entries carry a fixed time: a rerun
 * (a restarted step) writes byte-identical archives.
 */
final class CropArchiveWriter {
    /** About 20 MB per archive at 3-5 KB per 112x112 JPEG. */
    static final int FACES_PER_ARCHIVE = 5000;

    /** The run's faces and archives written. */
    record Written(long faces, int archives) {
    }

    private CropArchiveWriter() {
    }

    static Written write(SparkSession spark, RunLayout layout) throws IOException {
        return write(spark, layout, FACES_PER_ARCHIVE);
    }

    static Written write(SparkSession spark, RunLayout layout, int facesPerArchive) throws IOException {
        Dataset<Row> clustered = spark.read().parquet(layout.stepOutput(IdentityTables.CLUSTERS).toString())
                .select(IdentityTables.FACE_ID, IdentityTables.SET_ID);
        Dataset<Row> runFaces = spark.read().parquet(layout.stepOutput(StepTables.FACES).toString());
        Dataset<Row> crops = runFaces.select(FaceTables.FACE_ID, FaceTables.CROP_JPEG);
        List<String> earlierSets = clustered.join(runFaces.select(FaceTables.FACE_ID), FaceTables.FACE_ID, "left_anti")
                .select(IdentityTables.SET_ID).distinct().as(Encoders.STRING()).collectAsList();
        List<String> earlierFolders = new TableCatalog(layout.dataRoot().toString()).folders(spark, StepTables.FACES);
        if (!earlierSets.isEmpty() && !earlierFolders.isEmpty()) {
            // Only the sets that need them: the committed faces tables hold every earlier run's crops.
            crops = crops.unionByName(spark.read().parquet(earlierFolders.toArray(String[]::new))
                    .where(col(FaceTables.SET_ID).isin(earlierSets.toArray()))
                    .select(FaceTables.FACE_ID, FaceTables.CROP_JPEG));
        }
        crops = crops.join(clustered.select(IdentityTables.FACE_ID), FaceTables.FACE_ID, "left_semi");
        long faces = crops.count();
        int archives = (int) Math.max(1, (faces + facesPerArchive - 1) / facesPerArchive);
        String folder = layout.cropArchivesDir().toString();
        crops.repartition(archives, col(FaceTables.FACE_ID)).sortWithinPartitions(FaceTables.FACE_ID)
                .foreachPartition(new ArchivePartition(folder, HadoopConf.snapshot(spark)));
        // Archives beyond the count (an earlier attempt with other settings) and temporary files of
        // killed tasks would otherwise stay next to the archives.
        Set<String> keep = new HashSet<>();
        for (int part = 0; part < archives; part++) {
            keep.add(CropArchives.partName(part));
        }
        new RunFiles(spark.sparkContext().hadoopConfiguration()).deleteFilesExcept(layout.cropArchivesDir(), keep);
        return new Written(faces, archives);
    }

    /** Runs on an executor: one partition's rows become archive number {@code partition id}. */
    private static final class ArchivePartition implements ForeachPartitionFunction<Row> {
        /** DOS time has no time zone; a fixed local time keeps archives identical everywhere. */
        private static final LocalDateTime ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

        private final String folder;
        private final HashMap<String, String> hadoopConf;

        ArchivePartition(String folder, HashMap<String, String> hadoopConf) {
            this.folder = folder;
            this.hadoopConf = hadoopConf;
        }

        @Override
        public void call(Iterator<Row> rows) throws IOException {
            org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path(folder,
                    CropArchives.partName(TaskContext.getPartitionId()));
            new RunFiles(HadoopConf.restore(hadoopConf)).replaceAtomically(target, out -> writeZip(rows, out));
        }

        private static void writeZip(Iterator<Row> rows, OutputStream out) throws IOException {
            ZipOutputStream zip = new ZipOutputStream(out);
            String previous = null;
            while (rows.hasNext()) {
                Row row = rows.next();
                String faceId = row.getAs(FaceTables.FACE_ID);
                if (faceId.equals(previous)) {
                    continue; // rows come sorted by id; a face in two runs' tables is stored once
                }
                previous = faceId;
                byte[] jpeg = row.getAs(FaceTables.CROP_JPEG);
                ZipEntry entry = new ZipEntry(CropArchives.entryName(faceId));
                // Stored entries need their size and CRC before the data.
                CRC32 crc = new CRC32();
                crc.update(jpeg);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(jpeg.length);
                entry.setCompressedSize(jpeg.length);
                entry.setCrc(crc.getValue());
                entry.setTimeLocal(ENTRY_TIME);
                zip.putNextEntry(entry);
                zip.write(jpeg);
                zip.closeEntry();
            }
            zip.finish(); // the caller closes the underlying stream
        }
    }
}
