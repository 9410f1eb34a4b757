package io.segexport.server.catalog;

import io.segexport.v1.DataSet;
import io.segexport.v1.DataSetClassification;
import java.util.Locale;

/**
 * What a dataset's schema makes its records. There is no schema registry here, so a schema's class
 * is read from its id: an id that names the ExperienceEvent class (as
 * {@code https://ns.adobe.com/xdm/context/experienceevent} and schemas named for it do) holds events;
 * any other, profile records.
 */
public final class DataSetSchemas {
    private DataSetSchemas() {}

    public static boolean holdsEvents(DataSet dataSet) {
        return dataSet.getSchemaRef()
                .getId()
                .toLowerCase(Locale.ROOT)
                .replace("-", "")
                .contains("experienceevent");
    }

    /** The platform's classification of the dataset: "time-series" for events, "record" otherwise. */
    static DataSetClassification classification(DataSet dataSet) {
        return DataSetClassification.newBuilder()
                .setDataBehavior(holdsEvents(dataSet) ? "time-series" : "record")
                .build();
    }
}
