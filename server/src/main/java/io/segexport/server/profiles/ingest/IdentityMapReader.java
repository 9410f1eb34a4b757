package io.segexport.server.profiles.ingest;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.segexport.server.limits.Limit;
import io.segexport.server.limits.Limits;
import io.segexport.server.profiles.store.RecordIdentities;
import io.segexport.server.profiles.stored.StoredIdentity;
import io.segexport.server.rpc.ServiceErrors;
import io.segexport.server.validation.Ids;
import io.segexport.server.validation.Texts;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a record's identityMap: namespace code → array of {"id", "authenticatedState", "primary"}.
 * Namespaces and ids are safe ids (never path-like). The primary identity is the one marked
 * "primary": true, else the first identity of the first namespace.
 */
final class IdentityMapReader {
    static final Set<String> AUTHENTICATED_STATES = Set.of("ambiguous", "authenticated", "loggedOut");
    static final String DEFAULT_AUTHENTICATED_STATE = "ambiguous";

    private IdentityMapReader() {}

    /** The record's identities, primary first; a 400-style error naming the field otherwise. */
    static RecordIdentities read(String record, EncodedRecord fields) {
        String field = record + ".identityMap";
        Value identityMap = fields.field("identityMap")
                .orElseThrow(() -> ServiceErrors.invalidArgument(
                        field, "is required: every record needs at least one identity (namespace → [{\"id\": ...}])"));
        if (!identityMap.hasStructValue()) {
            throw ServiceErrors.invalidArgument(field, "must be an object: namespace → array of identities");
        }
        Map<String, StoredIdentity> identities = new LinkedHashMap<>();
        String primary = null;
        for (Map.Entry<String, Value> namespace :
                identityMap.getStructValue().getFieldsMap().entrySet()) {
            String code = namespace.getKey();
            Ids.safeIdProblem(code).ifPresent(problem -> {
                throw ServiceErrors.invalidArgument(field, "namespace \"" + Texts.shorten(code) + "\" " + problem);
            });
            String path = field + "." + code;
            if (!namespace.getValue().hasListValue()) {
                throw ServiceErrors.invalidArgument(path, "must be an array of identities [{\"id\": ...}]");
            }
            List<Value> entries = namespace.getValue().getListValue().getValuesList();
            for (int i = 0; i < entries.size(); i++) {
                String entryPath = path + "[" + i + "]";
                StoredIdentity identity = identity(entryPath, code, entries.get(i));
                String key = code + "\n" + identity.getId();
                identities.putIfAbsent(key, identity);
                if (isPrimary(entryPath, entries.get(i).getStructValue())) {
                    if (primary != null && !primary.equals(key)) {
                        throw ServiceErrors.invalidArgument(
                                entryPath + ".primary",
                                "is true on a second identity: one identity at most is primary");
                    }
                    primary = key;
                }
            }
        }
        if (identities.isEmpty()) {
            throw ServiceErrors.invalidArgument(field, "has no identity: every record needs at least one");
        }
        int maxIdentities = Limits.current().recordIdentities();
        if (identities.size() > maxIdentities) {
            throw ServiceErrors.invalidArgument(
                    field,
                    "has more than " + maxIdentities + " identities (the " + Limit.RECORD_IDENTITIES.flagName()
                            + " limit)");
        }
        List<StoredIdentity> ordered = new ArrayList<>(identities.size());
        ordered.add(primary == null ? identities.values().iterator().next() : identities.get(primary));
        identities.values().stream()
                .filter(identity -> identity != ordered.get(0))
                .forEach(ordered::add);
        return new RecordIdentities(List.copyOf(ordered));
    }

    private static StoredIdentity identity(String path, String namespace, Value entry) {
        if (!entry.hasStructValue()) {
            throw ServiceErrors.invalidArgument(path, "must be an object {\"id\": ...}");
        }
        Struct fields = entry.getStructValue();
        Value id = RecordFields.get(fields, "id")
                .orElseThrow(() -> ServiceErrors.invalidArgument(path + ".id", "is required"));
        if (!id.hasStringValue()) {
            throw ServiceErrors.invalidArgument(path + ".id", "must be a string");
        }
        Ids.checkSafe(path + ".id", id.getStringValue());
        return StoredIdentity.newBuilder()
                .setNamespace(namespace)
                .setId(id.getStringValue())
                .setAuthenticatedState(authenticatedState(path + ".authenticatedState", fields))
                .build();
    }

    private static String authenticatedState(String path, Struct fields) {
        Value state = RecordFields.get(fields, "authenticatedState").orElse(null);
        if (state == null) {
            return DEFAULT_AUTHENTICATED_STATE;
        }
        if (!state.hasStringValue() || !AUTHENTICATED_STATES.contains(state.getStringValue())) {
            throw ServiceErrors.invalidArgument(path, "must be \"ambiguous\", \"authenticated\" or \"loggedOut\"");
        }
        return state.getStringValue();
    }

    private static boolean isPrimary(String path, Struct fields) {
        Value primary = RecordFields.get(fields, "primary").orElse(null);
        if (primary == null) {
            return false;
        }
        if (!primary.hasBoolValue()) {
            throw ServiceErrors.invalidArgument(path + ".primary", "must be true or false");
        }
        return primary.getBoolValue();
    }
}
