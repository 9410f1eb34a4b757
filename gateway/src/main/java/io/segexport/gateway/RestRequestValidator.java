package io.segexport.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.linecorp.armeria.common.AggregatedHttpRequest;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.server.DecoratingHttpServiceFunction;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import com.linecorp.armeria.server.grpc.GrpcService;
import io.grpc.ServerMethodDefinition;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.segexport.json.JsonFieldException;
import io.segexport.json.ProtoJsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * Checks a REST request against its gRPC method before transcoding, because the transcoder itself
 * turns a malformed body into an empty one, a wrong content type into no body, and {@code limit=abc}
 * into an error that names nothing. Each failure here answers 400 or 415 naming the parameter,
 * header or body field at fault.
 */
final class RestRequestValidator implements DecoratingHttpServiceFunction {
    private static final java.util.regex.Pattern ASCII_INTEGER = java.util.regex.Pattern.compile("-?[0-9]{1,20}");
    private final GrpcService grpcService;
    private final int maxJsonDepth;

    RestRequestValidator(GrpcService grpcService, int maxJsonDepth) {
        this.grpcService = grpcService;
        this.maxJsonDepth = maxJsonDepth;
    }

    @Override
    public HttpResponse serve(HttpService delegate, ServiceRequestContext ctx, HttpRequest req) throws Exception {
        ServerMethodDefinition<?, ?> method = grpcService.methodDefinition(ctx);
        if (method == null
                || RestResponseDecorator.isFramedGrpc(req)
                || !(method.getMethodDescriptor().getSchemaDescriptor()
                        instanceof ProtoMethodDescriptorSupplier schema)) {
            return delegate.serve(ctx, req);
        }
        var methodDescriptor = schema.getMethodDescriptor();
        Descriptor input = methodDescriptor.getInputType();
        try {
            checkParameters(ctx.pathParams().entrySet(), input, "path parameter");
            checkQuery(ctx.queryParams(), input);
        } catch (JsonFieldException e) {
            return badRequest(ctx, e.getMessage());
        }
        HttpRule rule = methodDescriptor.getOptions().getExtension(AnnotationsProto.http);
        if (rule.getBody().isEmpty() || !hasBody(req.method())) {
            return delegate.serve(ctx, req);
        }
        MediaType contentType = req.contentType();
        if (contentType == null || !contentType.isJson()) {
            return ErrorResponses.problem(
                            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                            "Content-Type must be application/json"
                                    + (contentType == null ? "" : ", not " + contentType),
                            RequestIdDecorator.requestId(ctx))
                    .toHttpResponse();
        }
        return HttpResponse.of(req.aggregate().thenApply(body -> {
            try {
                checkBody(body, input, rule.getBody());
            } catch (JsonFieldException e) {
                return badRequest(ctx, e.getMessage());
            } catch (IOException e) {
                return badRequest(ctx, "the body could not be read: " + e.getMessage());
            }
            try {
                return delegate.serve(ctx, body.toHttpRequest());
            } catch (Exception e) {
                return HttpResponse.ofFailure(e);
            }
        }));
    }

    private static boolean hasBody(HttpMethod method) {
        return method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.PATCH;
    }

    private void checkBody(AggregatedHttpRequest body, Descriptor input, String bodyField) throws IOException {
        try (var in = body.content().toInputStream()) {
            checkBody(in, input, bodyField, maxJsonDepth);
        }
    }

    /**
     * Every check of a request of the method whose input is {@code input}: its path parameters, its
     * query, and (with a {@code bodyField}, "*" for the whole input) its body; a JsonFieldException
     * naming what is wrong, or an IOException for a body that cannot be read.
     */
    static void check(
            Descriptor input, Map<String, String> pathParams, QueryParams query, String bodyField, InputStream body)
            throws IOException {
        checkParameters(pathParams.entrySet(), input, "path parameter");
        checkQuery(query, input);
        if (bodyField != null && !bodyField.isEmpty()) {
            checkBody(body, input, bodyField, ProtoJsonReader.DEFAULT_MAX_DEPTH);
        }
    }

    private static void checkBody(InputStream in, Descriptor input, String bodyField, int maxJsonDepth)
            throws IOException {
        JsonNode tree = ProtoJsonReader.parseTree(in, maxJsonDepth);
        if (bodyField.equals("*")) {
            ProtoJsonReader.merge(tree, DynamicMessage.newBuilder(input), "");
            return;
        }
        FieldDescriptor field = input.findFieldByName(bodyField);
        if (field.isRepeated()) {
            // A list body (JSON Patch operations): read as the field it fills, so errors name its items.
            ObjectNode wrapped = JsonNodeFactory.instance.objectNode().set(field.getJsonName(), tree);
            ProtoJsonReader.merge(wrapped, DynamicMessage.newBuilder(input), "");
            return;
        }
        ProtoJsonReader.merge(tree, DynamicMessage.newBuilder(field.getMessageType()), "");
    }

    private static void checkQuery(QueryParams query, Descriptor input) {
        for (String name : query.names()) {
            List<String> values = query.getAll(name);
            FieldDescriptor field = field(input, name);
            if (field != null && !field.isRepeated() && values.size() > 1) {
                throw new JsonFieldException(name, "must be given once, not " + values.size() + " times");
            }
        }
        checkParameters(query, input, "query parameter");
    }

    private static void checkParameters(Iterable<Map.Entry<String, String>> parameters, Descriptor input, String kind) {
        for (Map.Entry<String, String> parameter : parameters) {
            FieldDescriptor field = field(input, parameter.getKey());
            if (field != null) {
                checkScalar(field, kind + " " + parameter.getKey(), parameter.getValue());
            }
        }
    }

    private static FieldDescriptor field(Descriptor input, String name) {
        for (FieldDescriptor field : input.getFields()) {
            if (field.getName().equals(name) || field.getJsonName().equals(name)) {
                return field;
            }
        }
        return null;
    }

    private static void checkScalar(FieldDescriptor field, String name, String value) {
        String shown = value.length() > 64 ? value.substring(0, 64) + "..." : value;
        switch (field.getJavaType()) {
            case INT, LONG -> {
                // Integer.parseInt takes any script's digits ("١" is 1): a parameter must be ASCII.
                if (!ASCII_INTEGER.matcher(value).matches()) {
                    throw new JsonFieldException(name, "must be an integer, not \"" + shown + "\"");
                }
                try {
                    if (field.getJavaType() == FieldDescriptor.JavaType.INT) {
                        Integer.parseInt(value);
                    } else {
                        Long.parseLong(value);
                    }
                } catch (NumberFormatException e) {
                    throw new JsonFieldException(name, "must be an integer, not \"" + shown + "\"");
                }
            }
            case BOOLEAN -> {
                // Any case, as transcoding reads it: Python clients such as aepp send "True" and "False".
                if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                    throw new JsonFieldException(name, "must be true or false, not \"" + shown + "\"");
                }
            }
            case ENUM -> {
                if (field.getEnumType().findValueByName(value) == null) {
                    throw new JsonFieldException(name, "is not a known value: \"" + shown + "\"");
                }
            }
            case MESSAGE -> throw new JsonFieldException(name, "cannot be given as a parameter");
            default -> {}
        }
    }

    private static HttpResponse badRequest(ServiceRequestContext ctx, String detail) {
        return ErrorResponses.problem(HttpStatus.BAD_REQUEST, detail, RequestIdDecorator.requestId(ctx))
                .toHttpResponse();
    }
}
