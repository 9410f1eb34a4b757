package io.segexport.server.pql;

import io.segexport.server.validation.Texts;
import java.util.ArrayList;
import java.util.List;

/** Splits a PQL expression into tokens; strings are double-quoted with backslash escapes. */
final class Lexer {
    private final String text;
    private int at;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokens(String text) {
        return new Lexer(text).all();
    }

    private List<Token> all() {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (at == text.length()) {
                tokens.add(new Token(Token.Kind.END, "", at));
                return tokens;
            }
            tokens.add(next());
        }
    }

    private void skipSpaces() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private Token next() {
        int start = at;
        char c = text.charAt(at);
        if (Character.isLetter(c) || c == '_') {
            while (at < text.length() && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_')) {
                at++;
            }
            return new Token(Token.Kind.IDENTIFIER, text.substring(start, at), start);
        }
        if (isDigit(c) || c == '-' && at + 1 < text.length() && isDigit(text.charAt(at + 1))) {
            return number(start);
        }
        if (c == '"') {
            return string(start);
        }
        at++;
        return switch (c) {
            case '(' -> new Token(Token.Kind.LEFT_PAREN, "(", start);
            case ')' -> new Token(Token.Kind.RIGHT_PAREN, ")", start);
            case '[' -> new Token(Token.Kind.LEFT_BRACKET, "[", start);
            case ']' -> new Token(Token.Kind.RIGHT_BRACKET, "]", start);
            case ',' -> new Token(Token.Kind.COMMA, ",", start);
            case '.' -> new Token(Token.Kind.DOT, ".", start);
            case '=' -> new Token(Token.Kind.EQUAL, "=", start);
            case '!' -> followedByEqual(start, Token.Kind.NOT_EQUAL, null);
            case '<' -> followedByEqual(start, Token.Kind.LESS_OR_EQUAL, Token.Kind.LESS);
            case '>' -> followedByEqual(start, Token.Kind.GREATER_OR_EQUAL, Token.Kind.GREATER);
            default ->
                throw new PqlSyntaxException(
                        start, "unexpected character \"" + Texts.shorten(String.valueOf(c)) + "\"");
        };
    }

    /** {@code !=}, {@code <=}, {@code >=}, or the lone character's own kind (none for '!'). */
    private Token followedByEqual(int start, Token.Kind withEqual, Token.Kind alone) {
        if (at < text.length() && text.charAt(at) == '=') {
            at++;
            return new Token(withEqual, text.substring(start, at), start);
        }
        if (alone == null) {
            throw new PqlSyntaxException(at, "expected \"=\" after \"!\"");
        }
        return new Token(alone, text.substring(start, at), start);
    }

    /** ASCII digits only: Double.parseDouble reads no other script's. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Token number(int start) {
        at++;
        while (at < text.length() && isDigit(text.charAt(at))) {
            at++;
        }
        if (at + 1 < text.length() && text.charAt(at) == '.' && isDigit(text.charAt(at + 1))) {
            at++;
            while (at < text.length() && isDigit(text.charAt(at))) {
                at++;
            }
        }
        return new Token(Token.Kind.NUMBER, text.substring(start, at), start);
    }

    private Token string(int start) {
        StringBuilder value = new StringBuilder();
        at++;
        while (at < text.length()) {
            char c = text.charAt(at++);
            if (c == '"') {
                return new Token(Token.Kind.STRING, value.toString(), start);
            }
            if (c == '\\') {
                if (at == text.length()) {
                    break;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case '"', '\\' -> value.append(escaped);
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    default -> throw new PqlSyntaxException(at - 2, "unknown escape \"\\" + escaped + "\" in a string");
                }
            } else {
                value.append(c);
            }
        }
        throw new PqlSyntaxException(start, "the string is not closed: expected a closing \"\\\"\"");
    }
}
