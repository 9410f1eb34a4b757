package io.segexport.client.cli;

import io.segexport.json.JsonFieldException;
import io.segexport.json.ProtoJsonReader;
import io.segexport.v1.ExportJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code segexport jobs create}: a job from a JSON file, optionally followed to its end. */
@Command(
        name = "create",
        description = "Creates an export job from a JSON file in the documented create shape; "
                + "destination.datasetId and schema.name are required.",
        footerHeading = "%nExample:%n",
        footer = {
            "  segexport jobs create --file request.json --wait",
            "where request.json holds, e.g.",
            "  {\"destination\": {\"datasetId\": \"5b7c86968f7b6501e21ba9df\"},",
            "   \"schema\": {\"name\": \"_xdm.context.profile\"}}"
        })
final class JobsCreateCommand implements Callable<Integer> {
    private final Session session;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "The job to create, as JSON.")
    Path file;

    @Option(
            names = "--wait",
            description = "Wait until the job ends, showing its progress; exit 5 when it fails "
                    + "or is cancelled, 7 after --timeout.")
    boolean await;

    JobsCreateCommand(Session session) {
        this.session = session;
    }

    @Override
    public Integer call() {
        ExportJob job = session.client().createJob(request());
        if (!await) {
            session.print(job, JobView::details);
            return ExitCode.SUCCESS.code();
        }
        session.say("created export job " + job.getId());
        return new JobWaiter(session).await(job.getId());
    }

    /** The file as an ExportJob; a field that does not fit is named by its JSON path. */
    private ExportJob request() {
        try (InputStream in = Files.newInputStream(file)) {
            return ProtoJsonReader.read(in, ExportJob.getDefaultInstance());
        } catch (JsonFieldException e) {
            throw new CliException(ExitCode.USAGE, file + ": " + e.getMessage());
        } catch (IOException e) {
            throw InputFiles.unreadable(file, e);
        }
    }
}
