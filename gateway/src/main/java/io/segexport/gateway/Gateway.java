package io.segexport.gateway;

import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServerBuilder;
import com.linecorp.armeria.server.docs.DocService;
import com.linecorp.armeria.server.grpc.GrpcService;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingConflictStrategy;
import com.linecorp.armeria.server.grpc.HttpJsonTranscodingOptions;
import com.linecorp.armeria.server.healthcheck.HealthCheckService;
import io.grpc.Channel;
import io.grpc.ServiceDescriptor;
import io.segexport.gateway.json.ProtoJsonMarshaller;
import io.segexport.v1.ExportJobServiceGrpc;
import java.util.function.Function;

/** The REST face: the documented paths, transcoded to the gRPC service behind a channel. */
public final class Gateway {
    private Gateway() {}

    /** Adds the transcoded API, {@code /docs} and {@code /health} to an Armeria server. */
    public static void configureServices(ServerBuilder sb, Channel backend) {
        ServiceDescriptor exportJobs = ExportJobServiceGrpc.getServiceDescriptor();
        GrpcService grpc = GrpcService.builder()
                .addService(GrpcForwarder.forward(exportJobs, backend))
                .enableHttpJsonTranscoding(HttpJsonTranscodingOptions.builder()
                        .additionalHttpRules(TrailingSlashRules.of(exportJobs))
                        .conflictStrategy(HttpJsonTranscodingConflictStrategy.lastWins())
                        .errorHandler(new TranscodingErrorHandler())
                        .build())
                .jsonMarshallerFactory(service -> new ProtoJsonMarshaller())
                .build();
        RestRequestValidator validator = new RestRequestValidator(grpc);
        Function<HttpService, HttpService> rest = service -> service
                .decorate(validator)
                .decorate(new RestResponseDecorator())
                .decorate(new RequestIdDecorator());
        sb.service(grpc, rest)
          .serviceUnder("/docs", DocService.builder().build())
          .service("/health", HealthCheckService.of())
          .errorHandler(new GatewayErrorHandler());
    }
}
