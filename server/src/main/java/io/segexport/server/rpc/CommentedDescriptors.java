package io.segexport.server.rpc;

import com.google.api.AnnotationsProto;
import com.google.protobuf.DescriptorProtos;
import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.Descriptors.DescriptorValidationException;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.ExtensionRegistry;
import com.google.protobuf.StructProto;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.protobuf.ProtoFileDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;
import io.segexport.v1.JsonProto;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives service definitions descriptors that keep the proto comments, so that server reflection
 * (and so grpcurl's {@code describe}) shows them. Generated code drops comments; the build writes
 * the contract's descriptor set with source info, and this rebuilds the files from it.
 */
public final class CommentedDescriptors {
    private static final String DESCRIPTOR_SET = "META-INF/armeria/grpc/segexport.dsc";
    private static final Map<String, FileDescriptor> FILES = load();

    private CommentedDescriptors() {}

    /** The definition, its descriptor swapped for the commented one; as it was when there is none. */
    public static ServerServiceDefinition withComments(ServerServiceDefinition definition) {
        io.grpc.ServiceDescriptor generated = definition.getServiceDescriptor();
        if (!(generated.getSchemaDescriptor() instanceof ProtoServiceDescriptorSupplier supplier)) {
            return definition;
        }
        FileDescriptor file = FILES.get(supplier.getFileDescriptor().getName());
        ServiceDescriptor service = file == null
                ? null
                : file.findServiceByName(supplier.getServiceDescriptor().getName());
        if (service == null) {
            return definition;
        }
        io.grpc.ServiceDescriptor.Builder descriptor =
                io.grpc.ServiceDescriptor.newBuilder(generated.getName()).setSchemaDescriptor(new Supplier(service));
        generated.getMethods().forEach(descriptor::addMethod);
        ServerServiceDefinition.Builder commented = ServerServiceDefinition.builder(descriptor.build());
        for (ServerMethodDefinition<?, ?> method : definition.getMethods()) {
            commented.addMethod(method);
        }
        return commented.build();
    }

    private record Supplier(ServiceDescriptor service)
            implements ProtoServiceDescriptorSupplier, ProtoFileDescriptorSupplier {
        @Override
        public FileDescriptor getFileDescriptor() {
            return service.getFile();
        }

        @Override
        public ServiceDescriptor getServiceDescriptor() {
            return service;
        }
    }

    private static Map<String, FileDescriptor> load() {
        try (InputStream in = CommentedDescriptors.class.getClassLoader().getResourceAsStream(DESCRIPTOR_SET)) {
            if (in == null) {
                return Map.of();
            }
            ExtensionRegistry extensions = ExtensionRegistry.newInstance();
            AnnotationsProto.registerAllExtensions(extensions);
            JsonProto.registerAllExtensions(extensions);
            Map<String, FileDescriptorProto> protos = new HashMap<>();
            for (FileDescriptorProto proto :
                    FileDescriptorSet.parseFrom(in, extensions).getFileList()) {
                protos.put(proto.getName(), proto);
            }
            Map<String, FileDescriptor> files = new HashMap<>();
            for (String name : protos.keySet()) {
                build(name, protos, files);
            }
            return Map.copyOf(files);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + DESCRIPTOR_SET, e);
        } catch (DescriptorValidationException e) {
            throw new IllegalStateException("the descriptor set " + DESCRIPTOR_SET + " is invalid", e);
        }
    }

    /**
     * Builds a file of the set, its dependencies first, whatever order the set lists them in; a
     * dependency outside the set must be one of the Google protos the contract imports.
     */
    private static FileDescriptor build(
            String name, Map<String, FileDescriptorProto> protos, Map<String, FileDescriptor> built)
            throws DescriptorValidationException {
        FileDescriptor file = built.get(name);
        if (file != null) {
            return file;
        }
        FileDescriptorProto proto = protos.get(name);
        if (proto == null) {
            return google(name);
        }
        FileDescriptor[] dependencies = new FileDescriptor[proto.getDependencyCount()];
        for (int i = 0; i < dependencies.length; i++) {
            dependencies[i] = build(proto.getDependency(i), protos, built);
        }
        file = FileDescriptor.buildFrom(proto, dependencies);
        built.put(name, file);
        return file;
    }

    private static FileDescriptor google(String name) {
        // descriptor.proto is imported by segexport/v1/json.proto, which declares the JSON field options.
        for (FileDescriptor known : List.of(
                AnnotationsProto.getDescriptor(), StructProto.getDescriptor(), DescriptorProtos.getDescriptor())) {
            if (known.getName().equals(name)) {
                return known;
            }
        }
        throw new IllegalStateException("unexpected import " + name + " in " + DESCRIPTOR_SET);
    }
}
