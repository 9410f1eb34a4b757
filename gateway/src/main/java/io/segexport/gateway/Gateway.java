package io.segexport.gateway;

import com.google.api.HttpRule;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.docs.DocService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.GrpcServiceBuilder;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingConflictStrategy;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingOptions;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingQueryParamMatchRule;
import io.grpc.Channel;
import io.grpc.ServerServiceDefinition;
import io.segexport.gateway.json.ProtoJsonMarshaller;
import io.segexport.gateway.management.RestMetrics;
import io.segexport.v1.ApiServices;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The REST face: the documented paths, transcoded to the gRPC services, either hosted in this process
 * (the all-in-one server) or forwarded to a backend (the standalone gateway).
 */
public final class Gateway {
    private Gateway() {}

    /** {@link #configureServices(ServerBuilder, Channel, GatewayLimits)} with the default limits. */
    public static void configureServices(ServerBuilder sb, Channel backend) {
        configureServices(sb, backend, GatewayLimits.DEFAULTS);
    }

    /** Serves the API by forwarding every call to {@code backend} (see {@link GrpcForwarder}). */
    public static void configureServices(ServerBuilder sb, Channel backend, GatewayLimits limits) {
        List<ServerServiceDefinition> forwarders = ApiServices.all().stream()
                .map(service -> GrpcForwarder.forward(service, backend))
                .toList();
        configure(sb, forwarders, false, backend, limits);
    }

    /**
     * Serves the API's {@code services} in this process, one hop fewer than forwarding: Armeria runs
     * them (on its blocking executor, since they wait on the store) as the gRPC server runs the same
     * definitions. {@code backend} still serves the Data Access files path, which calls the API itself.
     */
    public static void configureServices(
            ServerBuilder sb, List<ServerServiceDefinition> services, Channel backend, GatewayLimits limits) {
        configure(sb, services, true, backend, limits);
    }

    /**
     * Adds the transcoded API, the Data Access files path ({@link DataAccessFiles}) and {@code /docs}
     * to an Armeria server, and sets its request size limits. {@code /metrics} and the health checks
     * are the caller's to add ({@code ManagementServices}), on this server or another port.
     */
    private static void configure(
            ServerBuilder sb,
            List<ServerServiceDefinition> services,
            boolean blocking,
            Channel backend,
            GatewayLimits limits) {
        GrpcServiceBuilder builder = GrpcService.builder().useBlockingTaskExecutor(blocking);
        List<HttpRule> slashRules = new ArrayList<>();
        for (ServerServiceDefinition service : services) {
            builder.addService(service);
            slashRules.addAll(TrailingSlashRules.of(service.getServiceDescriptor()));
        }
        GrpcService grpc = builder.enableHttpJsonTranscoding(HttpJsonTranscodingOptions.builder()
                        .additionalHttpRules(slashRules)
                        // Query parameters by their JSON names (?entityId=), as bodies are: Armeria's
                        // JSON_NAME rule only sees json_name options written out in the proto, so the
                        // lowerCamelCase form of the proto names is needed too.
                        .queryParamMatchRules(
                                HttpJsonTranscodingQueryParamMatchRule.ORIGINAL_FIELD,
                                HttpJsonTranscodingQueryParamMatchRule.LOWER_CAMEL_CASE,
                                HttpJsonTranscodingQueryParamMatchRule.JSON_NAME)
                        .conflictStrategy(HttpJsonTranscodingConflictStrategy.lastWins())
                        .errorHandler(new TranscodingErrorHandler())
                        .build())
                // The validator holds the body to json-depth; the transcoder then wraps a body that is
                // one field of the request (body: "export_job") in an object of its own, one level more.
                .jsonMarshallerFactory(service -> new ProtoJsonMarshaller(limits.jsonDepth() + 1))
                .build();
        RestRequestValidator validator = new RestRequestValidator(grpc, limits.jsonDepth());
        Function<HttpService, HttpService> rest =
                service -> traced(service.decorate(validator).decorate(new RestResponseDecorator()));
        sb.maxRequestLength(limits.requestBytes())
                .http1MaxHeaderSize(limits.headerBytes())
                .http2MaxHeaderListSize(limits.headerBytes())
                .service(grpc, rest)
                // GetFile and ReadFile share one path, told apart by ?path=, and ReadFile answers raw bytes:
                // a service of its own, calling the backend through the same channel; so do the failed records.
                .route()
                .get(DataAccessFiles.PATH)
                .build(traced(DataAccessFiles.dataSetFiles(backend)))
                .route()
                .get(DataAccessFiles.FAILED_PATH)
                .build(traced(DataAccessFiles.failedRecords(backend)))
                // Uploads stream their bodies to the backend, so they may be as large as a file may be.
                .route()
                .methods(HttpMethod.PUT, HttpMethod.PATCH)
                .path(BatchFileUploads.PATH)
                .maxRequestLength(limits.fileBytes())
                .build(traced(new BatchFileUploads(backend, limits.fileBytes())))
                .serviceUnder("/docs", DocService.builder().build())
                .errorHandler(new GatewayErrorHandler(limits));
    }

    /** An API route's outer layers: its request id, then its timing, outside everything else it does. */
    private static HttpService traced(HttpService service) {
        return service.decorate(new RequestIdDecorator()).decorate(new RestMetrics());
    }
}
