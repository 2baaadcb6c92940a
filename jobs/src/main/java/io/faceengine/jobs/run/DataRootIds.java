package io.faceengine.jobs.run;

import io.faceengine.clustering.registry.DataRootId;
import io.faceengine.pipeline.io.RunFiles;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.util.Optional;

/** A data root's id file ({@link RunLayout#dataRootIdPath}): read, or created by the first run that needs it. */
public final class DataRootIds {
    private DataRootIds() {
    }

    /** The data root's id; creates it if the data root has none, keeping another program's if it was faster. */
    public static DataRootId obtain(String dataRoot, Configuration conf) throws IOException {
        Path path = RunLayout.dataRootIdPath(dataRoot);
        RunFiles files = new RunFiles(conf);
        Optional<String> content = files.read(path);
        if (content.isEmpty()) {
            files.createAtomically(path, DataRootId.generate().toJson());
            content = files.read(path);
        }
        return DataRootId.parse(content.orElseThrow(() -> new IOException(path + " vanished right after it was created")),
                path.toString());
    }
}
