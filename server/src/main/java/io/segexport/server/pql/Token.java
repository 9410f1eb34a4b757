package io.segexport.server.pql;

import io.segexport.server.validation.Texts;

/** One lexical token of a PQL expression, with the position (0-based character offset) it starts at. */
record Token(Kind kind, String text, int position) {
    enum Kind {
        IDENTIFIER("a name"),
        STRING("a string"),
        NUMBER("a number"),
        LEFT_PAREN("\"(\""),
        RIGHT_PAREN("\")\""),
        LEFT_BRACKET("\"[\""),
        RIGHT_BRACKET("\"]\""),
        COMMA("\",\""),
        DOT("\".\""),
        EQUAL("\"=\""),
        NOT_EQUAL("\"!=\""),
        LESS("\"<\""),
        LESS_OR_EQUAL("\"<=\""),
        GREATER("\">\""),
        GREATER_OR_EQUAL("\">=\""),
        END("the end of the expression");

        private final String description;

        Kind(String description) {
            this.description = description;
        }

        String description() {
            return description;
        }
    }

    /** How an error message names what was found here: long names and strings cut short, control characters as '?'. */
    String described() {
        return switch (kind) {
            case END -> kind.description();
            case STRING -> "the string \"" + Texts.shorten(text) + "\"";
            default -> "\"" + Texts.shorten(text) + "\"";
        };
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.IDENTIFIER && text.equals(keyword);
    }
}
