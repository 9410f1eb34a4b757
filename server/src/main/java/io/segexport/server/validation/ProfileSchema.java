package io.segexport.server.validation;

import io.segexport.server.rpc.ServiceErrors;
import io.segexport.v1.Schema;

/** The one XDM class that export jobs write and merge policies merge: profiles. */
public final class ProfileSchema {
    public static final String NAME = "_xdm.context.profile";

    private ProfileSchema() {}

    /** The request's schema when it names the profile class; a 400 naming {@code schema.name} otherwise. */
    public static Schema check(Schema given) {
        String name = given.getName();
        if (name.isEmpty()) {
            throw ServiceErrors.invalidArgument("schema.name", "is required (\"" + NAME + "\")");
        }
        if (!name.equals(NAME)) {
            throw ServiceErrors.invalidArgument(
                    "schema.name",
                    "must be \"" + NAME + "\", the only schema supported, not \"" + Texts.shorten(name) + "\"");
        }
        return Schema.newBuilder().setName(name).build();
    }
}
