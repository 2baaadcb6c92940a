package io.faceengine.pipeline.stage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.faceengine.pipeline.table.FaceTables;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the run's inputs into (set_id, uri) rows. An input is either a directory whose
 * subdirectories are the sets (files directly inside it form a set named after it), or a
 * manifest: .jsonl lines {"set_id": …, "uri": …} or .csv with header {@code set_id,uri}.
 * Manifest URIs may be relative to the manifest's folder. Paths may be any Hadoop URI.
 * Hidden files (names starting with '.' or '_') are ignored, as Hadoop tools do.
 */
public final class InputListing {
    public static final StructType SCHEMA = new StructType()
            .add(FaceTables.SET_ID, DataTypes.StringType, false)
            .add(FaceTables.URI, DataTypes.StringType, false);
    private static final ObjectMapper JSON = new ObjectMapper();

    private InputListing() {
    }

    /** One row per input file, sorted by set and URI so runs are reproducible. */
    public static Dataset<Row> list(SparkSession spark, List<String> inputs) throws IOException {
        Configuration conf = spark.sparkContext().hadoopConfiguration();
        List<String[]> entries = new ArrayList<>();
        for (String input : inputs) {
            Path path = new Path(input);
            FileSystem fs = path.getFileSystem(conf);
            if (!fs.exists(path)) {
                throw new IOException("input " + input + " does not exist");
            }
            FileStatus status = fs.getFileStatus(path);
            if (status.isDirectory()) {
                listDirectory(fs, status.getPath(), entries);
            } else {
                readManifest(fs, status.getPath(), entries);
            }
        }
        entries.sort(Comparator.<String[], String>comparing(e -> e[0]).thenComparing(e -> e[1]));
        List<Row> rows = entries.stream().map(e -> RowFactory.create(e[0], e[1])).toList();
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static void listDirectory(FileSystem fs, Path dir, List<String[]> entries) throws IOException {
        for (FileStatus child : fs.listStatus(dir)) {
            if (hidden(child.getPath())) {
                continue;
            }
            if (child.isDirectory()) {
                String setId = child.getPath().getName();
                RemoteIterator<LocatedFileStatus> files = fs.listFiles(child.getPath(), true);
                while (files.hasNext()) {
                    Path file = files.next().getPath();
                    if (!hidden(file)) {
                        entries.add(new String[]{setId, file.toString()});
                    }
                }
            } else {
                entries.add(new String[]{dir.getName(), child.getPath().toString()});
            }
        }
    }

    private static void readManifest(FileSystem fs, Path manifest, List<String[]> entries) throws IOException {
        String name = manifest.getName().toLowerCase(java.util.Locale.ROOT);
        boolean jsonl = name.endsWith(".jsonl") || name.endsWith(".json");
        if (!jsonl && !name.endsWith(".csv")) {
            throw new IOException("input " + manifest + " is a file but not a manifest: use .jsonl or .csv (set_id,uri)");
        }
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(manifest), StandardCharsets.UTF_8))) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || (!jsonl && number == 1)) {
                    if (!jsonl && number == 1 && !line.replace(" ", "").equalsIgnoreCase("set_id,uri")) {
                        throw new IOException(manifest + ": the CSV header must be 'set_id,uri', got '" + line + "'");
                    }
                    continue;
                }
                String setId;
                String uri;
                if (jsonl) {
                    JsonNode node = JSON.readTree(line);
                    setId = node.path(FaceTables.SET_ID).asText(null);
                    uri = node.path(FaceTables.URI).asText(null);
                } else {
                    String[] fields = line.split(",", 2);
                    setId = fields[0].trim();
                    uri = fields.length > 1 ? fields[1].trim() : null;
                }
                if (setId == null || setId.isEmpty() || uri == null || uri.isEmpty()) {
                    throw new IOException(manifest + " line " + number + ": needs both set_id and uri");
                }
                Path target = new Path(uri);
                entries.add(new String[]{setId, (target.isAbsolute() || target.toUri().getScheme() != null
                        ? target : new Path(manifest.getParent(), uri)).toString()});
            }
        }
    }

    private static boolean hidden(Path path) {
        String name = path.getName();
        return name.startsWith(".") || name.startsWith("_");
    }
}
