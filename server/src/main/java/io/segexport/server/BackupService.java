package io.segexport.server;

import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.server.AbstractHttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.segexport.gateway.ErrorResponses;
import io.segexport.server.store.DiskFull;
import io.segexport.server.store.StoreBackup;
import io.segexport.v1.RequestIds;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /admin/backups}: backs the running server's store up to a new folder
 * {@code segexport-YYYYMMDDTHHMMSS.mmmZ} of the backup folder, and answers 201 with its path once it is
 * whole. Served on the management port only, which operators alone should reach: it takes no
 * credentials, as {@code /metrics} takes none.
 */
final class BackupService extends AbstractHttpService {
    private static final Logger log = LoggerFactory.getLogger(BackupService.class);
    private static final DateTimeFormatter NAME =
            DateTimeFormatter.ofPattern("'segexport-'yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Readiness readiness;
    private final Path backupDir;
    private final Clock clock;

    /** {@code backupDir} null: the server was started without one, and every call is refused. */
    BackupService(Readiness readiness, Path backupDir, Clock clock) {
        this.readiness = readiness;
        this.backupDir = backupDir;
        this.clock = clock;
    }

    @Override
    protected HttpResponse doPost(ServiceRequestContext ctx, HttpRequest req) {
        String requestId = RequestIds.acceptOrGenerate(req.headers().get(RequestIds.HEADER));
        if (backupDir == null) {
            return problem(HttpStatus.CONFLICT, "the server was started without --backup-dir", requestId);
        }
        Optional<Components> components = readiness.readyComponents();
        if (components.isEmpty()) {
            return problem(HttpStatus.SERVICE_UNAVAILABLE, "the server is not ready", requestId);
        }
        return HttpResponse.of(
                CompletableFuture.supplyAsync(() -> backUp(components.get(), requestId), ctx.blockingTaskExecutor()));
    }

    private HttpResponse backUp(Components components, String requestId) {
        Path target = backupDir.resolve(NAME.format(clock.instant()));
        try {
            Optional<StoreBackup.Taken> taken = components.backUp(target);
            if (taken.isEmpty()) {
                return problem(HttpStatus.CONFLICT, "a backup is under way already", requestId);
            }
            log.info("backed the store up to {}", target);
            return ErrorResponses.json(HttpStatus.CREATED, MediaType.JSON_UTF_8, gen -> {
                        gen.writeStringField("name", target.getFileName().toString());
                        gen.writeStringField("path", target.toAbsolutePath().toString());
                        gen.writeNumberField("fileBytes", taken.get().fileBytes());
                    })
                    .toHttpResponse();
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            return problem(HttpStatus.CONFLICT, e.getMessage(), requestId);
        } catch (Exception e) {
            log.error("the backup to {} failed", target, e);
            HttpStatus status =
                    DiskFull.causedBy(e) ? HttpStatus.INSUFFICIENT_STORAGE : HttpStatus.INTERNAL_SERVER_ERROR;
            return problem(status, "the backup failed: " + e.getMessage(), requestId);
        }
    }

    private static HttpResponse problem(HttpStatus status, String detail, String requestId) {
        return ErrorResponses.problem(status, detail, requestId).toHttpResponse();
    }
}
