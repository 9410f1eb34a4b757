package io.segexport.server.engine;

import io.segexport.server.store.Tenant;
import io.segexport.v1.ExportJob;
import java.io.IOException;
import java.nio.file.Path;

/** The export itself: reads a tenant's profiles and writes a job's batches into a staging folder. */
public interface ProfileExporter {
    /**
     * Writes one folder per batch id of the job under {@code staging}, calling the probe for every
     * profile read; a cancel or an engine stop surfaces as the probe's exceptions.
     */
    ExportResult export(Tenant tenant, ExportJob job, Path staging, RunProbe probe)
            throws IOException, JobCancelledException, InterruptedException;
}
