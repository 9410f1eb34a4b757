package io.segexport.server.engine;

import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps the dotted paths of a {@code fields} list ("identities.id,personalEmail.address") of an XDM
 * object. A path through an array applies to each of its objects; a missing path is left out; an
 * empty list keeps everything.
 */
final class FieldProjection {
    private final Node root;

    private FieldProjection(Node root) {
        this.root = root;
    }

    /** The projection of a checked, comma-separated list of paths. */
    static FieldProjection of(String fields) {
        if (fields.isEmpty()) {
            return new FieldProjection(null);
        }
        Node root = new Node();
        for (String path : fields.split(",")) {
            Node node = root;
            for (String name : path.split("\\.")) {
                if (node.children == null) {
                    break;
                }
                node = node.children.computeIfAbsent(name, n -> new Node());
            }
            node.children = null;
        }
        return new FieldProjection(root);
    }

    /** True for an empty list: {@link #apply} gives every object back as it is. */
    boolean keepsEverything() {
        return root == null;
    }

    Struct apply(Struct object) {
        return root == null ? object : project(object, root);
    }

    private static Struct project(Struct object, Node node) {
        Struct.Builder kept = Struct.newBuilder();
        for (Map.Entry<String, Node> child : node.children.entrySet()) {
            Value value = object.getFieldsMap().get(child.getKey());
            if (value == null) {
                continue;
            }
            Value projected = child.getValue().children == null ? value : project(value, child.getValue());
            if (projected != null) {
                kept.putFields(child.getKey(), projected);
            }
        }
        return kept.build();
    }

    /** The projection of a value below a path: objects recurse, arrays map over their objects. */
    private static Value project(Value value, Node node) {
        switch (value.getKindCase()) {
            case STRUCT_VALUE -> {
                Struct inner = project(value.getStructValue(), node);
                return inner.getFieldsCount() == 0
                        ? null
                        : Value.newBuilder().setStructValue(inner).build();
            }
            case LIST_VALUE -> {
                List<Value> elements = new ArrayList<>();
                for (Value element : value.getListValue().getValuesList()) {
                    Value projected = element.hasStructValue() ? project(element, node) : null;
                    if (projected != null) {
                        elements.add(projected);
                    }
                }
                return elements.isEmpty()
                        ? null
                        : Value.newBuilder()
                                .setListValue(ListValue.newBuilder().addAllValues(elements))
                                .build();
            }
            default -> {
                return null;
            }
        }
    }

    /** A trie of path segments; a node without children keeps its whole subtree. */
    private static final class Node {
        Map<String, Node> children = new LinkedHashMap<>();
    }
}
