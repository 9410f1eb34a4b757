package io.segexport.gateway;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.MethodDescriptor;
import io.grpc.ServiceDescriptor;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The service's HTTP rules, each with extra bindings that serve each literal collection path with a trailing slash too
 * ({@code /export/jobs/}), because {@code link.next} uses that form and clients follow it verbatim,
 * while path templates cannot express it. Armeria reads {@code exact:} paths natively; the rules
 * replace the proto's own (see {@code Gateway}).
 */
final class TrailingSlashRules {
    private TrailingSlashRules() {}

    static List<HttpRule> of(ServiceDescriptor service) {
        var schema = (ProtoServiceDescriptorSupplier) service.getSchemaDescriptor();
        List<HttpRule> rules = new ArrayList<>();
        for (MethodDescriptor method : schema.getServiceDescriptor().getMethods()) {
            HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
            List<HttpRule> slashed = Stream.concat(Stream.of(rule), rule.getAdditionalBindingsList().stream())
                    .flatMap(binding -> withTrailingSlash(binding).stream())
                    .toList();
            if (!slashed.isEmpty()) {
                rules.add(rule.toBuilder()
                        .setSelector(method.getFullName())
                        .addAllAdditionalBindings(slashed)
                        .build());
            }
        }
        return rules;
    }

    private static List<HttpRule> withTrailingSlash(HttpRule binding) {
        HttpRule.Builder rule = HttpRule.newBuilder().setBody(binding.getBody());
        String path = switch (binding.getPatternCase()) {
            case GET -> binding.getGet();
            case POST -> binding.getPost();
            case PUT -> binding.getPut();
            case PATCH -> binding.getPatch();
            case DELETE -> binding.getDelete();
            default -> "";
        };
        if (path.isEmpty() || path.contains("{") || path.endsWith("/")) {
            return List.of();
        }
        String slashed = "exact:" + path + "/";
        switch (binding.getPatternCase()) {
            case GET -> rule.setGet(slashed);
            case POST -> rule.setPost(slashed);
            case PUT -> rule.setPut(slashed);
            case PATCH -> rule.setPatch(slashed);
            case DELETE -> rule.setDelete(slashed);
            default -> throw new IllegalStateException();
        }
        return List.of(rule.build());
    }
}
