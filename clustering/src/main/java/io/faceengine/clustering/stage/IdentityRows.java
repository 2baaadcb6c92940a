package io.faceengine.clustering.stage;

import io.faceengine.clustering.registry.IdentityRecord;
import io.faceengine.clustering.registry.IdentityStatus;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.util.List;
import java.util.Locale;

/** Converts registry identities to and from rows of the {@link IdentityTables#IDENTITY} table. */
public final class IdentityRows {
    private IdentityRows() {
    }

    public static Row toRow(IdentityRecord record) {
        Float[] centroid = new Float[record.centroid().length];
        for (int i = 0; i < centroid.length; i++) {
            centroid[i] = record.centroid()[i];
        }
        return RowFactory.create(record.identityId(), centroid, record.faceCount(), record.sets().toArray(String[]::new),
                record.status().name().toLowerCase(Locale.ROOT), record.createdRun(), record.updatedRun(),
                (record.cannotLink() == null ? List.<String>of() : record.cannotLink()).toArray(String[]::new),
                record.name(), record.modelVersion());
    }

    public static IdentityRecord fromRow(Row row) {
        List<Float> values = row.getList(row.fieldIndex(IdentityTables.CENTROID));
        float[] centroid = new float[values.size()];
        for (int i = 0; i < centroid.length; i++) {
            centroid[i] = values.get(i);
        }
        return new IdentityRecord(row.getString(row.fieldIndex(IdentityTables.IDENTITY_ID)), centroid,
                row.getInt(row.fieldIndex(IdentityTables.FACE_COUNT)),
                List.copyOf(row.<String>getList(row.fieldIndex(IdentityTables.SETS))),
                row.getString(row.fieldIndex(IdentityTables.CREATED_RUN)),
                row.getString(row.fieldIndex(IdentityTables.UPDATED_RUN)),
                IdentityStatus.valueOf(row.getString(row.fieldIndex(IdentityTables.STATUS)).toUpperCase(Locale.ROOT)),
                row.getString(row.fieldIndex(IdentityTables.NAME)),
                row.getString(row.fieldIndex(IdentityTables.MODEL_VERSION)),
                List.copyOf(row.<String>getList(row.fieldIndex(IdentityTables.CANNOT_LINK))));
    }
}
