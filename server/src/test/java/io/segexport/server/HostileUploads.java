package io.segexport.server;

import static io.segexport.server.HostileCases.IMPORT_BATCHES;
import static io.segexport.server.HostileRequests.rawHead;
import static io.segexport.server.HostileRequests.request;
import static io.segexport.server.HostileRequests.rest;

import io.segexport.server.HostileCases.Case;
import io.segexport.server.HostileCases.World;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The hostile-input cases of batch file uploads: parts with missing, malformed, contradictory or
 * huge Content-Range headers, cut-short parts, declared lengths beyond the file limit, and uploads
 * to batches that take no file (the world's {@link HostileCases.UploadBatches}).
 */
final class HostileUploads {
    private HostileUploads() {}

    static void uploads(World world, List<Case> cases) {
        List<String> ranges = List.of(
                "4 bytes",
                "bytes=0-3/4",
                "bytes 0-3/*",
                "bytes */4",
                "bytes 3-0/4",
                "bytes 0-4/4",
                "bytes -1-2/4",
                "bytes 0-3/4, bytes 4-7/8",
                "bytes 0-99999999999999999999/4",
                "bytes 0-3/4%00",
                "");
        for (String range : ranges) {
            cases.add(part(world, "a malformed Content-Range \"" + range + "\"", range, new byte[4], "Content-Range"));
        }
        cases.add(part(world, "no Content-Range", null, new byte[4], "Content-Range"));
        cases.add(part(world, "a part cut short of its range", "bytes 0-99/100", new byte[10], "Content-Range"));
        cases.add(part(world, "a part longer than its range", "bytes 0-1/100", new byte[10], "Content-Range"));
        cases.add(part(world, "a declared 10 GB file", "bytes 0-3/10737418240", new byte[4], "Content-Range"));
        cases.add(new Case("uploads: declared lengths", "PUT a file declaring a Content-Length of 10 GB", () -> {
            String path = file(world, world.uploads().loading());
            byte[] head = rawHead(
                    world,
                    "PUT " + path + " HTTP/1.1",
                    "Content-Type: application/octet-stream\r\nContent-Length: 10737418240\r\n");
            return rest(RawHttp.exchange(world.httpPort(), head, new byte[0]), "Content-Length");
        }));
        cases.add(uploadTo(world, "a batch that was completed", world.uploads().completed()));
        cases.add(uploadTo(world, "a batch that was aborted", world.uploads().aborted()));
        cases.add(uploadTo(world, "a batch of another org", world.uploads().othersLoading()));
        cases.add(uploadTo(world, "an export job's batch", world.batchId()));
        cases.add(new Case(
                "uploads: files",
                "POST ?action=COMPLETE of a file never initialized",
                () -> rest(
                        world,
                        request(
                                world,
                                "POST",
                                BatchUploads.file(world.uploads().loading(), world.dataSetId(), "never.json")
                                        + "?action=COMPLETE"),
                        "not initialized")));
        cases.add(new Case(
                "uploads: files",
                "POST a file action that does not exist",
                () -> rest(
                        world,
                        request(world, "POST", file(world, world.uploads().loading()) + "?action=DELETE"),
                        "action")));
    }

    private static Case part(World world, String name, String range, byte[] body, String mentions) {
        return new Case("uploads: parts", "PATCH with " + name, () -> {
            RawHttp.Request request = request(
                            world, "PATCH", file(world, world.uploads().loading()))
                    .header("Content-Type", "application/octet-stream")
                    .body(body);
            if (range != null) {
                request = request.header("Content-Range", range);
            }
            return rest(world, request, mentions);
        });
    }

    private static Case uploadTo(World world, String name, String batchId) {
        return new Case(
                "uploads: batches that take no file",
                "PUT a file to " + name,
                () -> rest(
                        world,
                        request(
                                        world,
                                        "PUT",
                                        IMPORT_BATCHES + "/" + batchId + "/datasets/" + world.dataSetId()
                                                + "/files/a.json")
                                .header("Content-Type", "application/octet-stream")
                                .body("{}\n".getBytes(StandardCharsets.UTF_8)),
                        null));
    }

    private static String file(World world, String batchId) {
        return BatchUploads.file(batchId, world.dataSetId(), "big.json");
    }
}
