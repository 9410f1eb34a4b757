package io.segexport.server.ingest;

import io.segexport.server.catalog.DataSetTags;
import io.segexport.server.profiles.ingest.RepeatableIngestion;
import io.segexport.v1.DataSet;
import java.util.Locale;

/**
 * Where a dataset's ingested records go besides its batch files. There is no schema registry here, so
 * a schema's class is read from its id: an id that names the ExperienceEvent class (as
 * {@code https://ns.adobe.com/xdm/context/experienceevent} and schemas named for it do) holds events;
 * any other, profile records.
 */
public enum IngestDestination {
    /** Profile fragments in the profile store. */
    PROFILES,
    /** ExperienceEvents in the profile store. */
    EVENTS,
    /** The batch's files only: the dataset is not enabled for Profile. */
    FILES;

    /** What the profile store takes these records as; only for PROFILES and EVENTS. */
    public RepeatableIngestion.Kind kind() {
        return this == EVENTS ? RepeatableIngestion.Kind.EVENTS : RepeatableIngestion.Kind.PROFILES;
    }

    public static IngestDestination of(DataSet dataSet) {
        if (!DataSetTags.profileEnabled(dataSet)) {
            return FILES;
        }
        String schema = dataSet.getSchemaRef().getId().toLowerCase(Locale.ROOT).replace("-", "");
        return schema.contains("experienceevent") ? EVENTS : PROFILES;
    }
}
