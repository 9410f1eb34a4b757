package io.segexport.server.ingest;

import io.segexport.server.catalog.DataSetSchemas;
import io.segexport.server.catalog.DataSetTags;
import io.segexport.server.profiles.ingest.RepeatableIngestion;
import io.segexport.v1.DataSet;

/** Where a dataset's ingested records go besides its batch files ({@link DataSetTags}, {@link DataSetSchemas}). */
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
        return DataSetSchemas.holdsEvents(dataSet) ? EVENTS : PROFILES;
    }
}
