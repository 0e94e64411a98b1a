package dev.vellum.subdoc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/** A parsed sub-document path: object keys and array indexes from the root; empty is the root. */
public record SubdocPath(List<Component> components) {

    /** The document root, written {@code ""}. */
    public static final SubdocPath ROOT = new SubdocPath(List.of());

    /** One level of a path. */
    public sealed interface Component permits Key, Index {
    }

    /** An object key; never empty, never holds NUL or an unpaired surrogate. */
    public record Key(String name) implements Component {
        public Key {
            if (!isValidName(name)) {
                throw new IllegalArgumentException("not a valid key: " + name);
            }
        }

        /** Postgres cannot store NUL in jsonb text, and unpaired surrogates are not text. */
        public static boolean isValidName(String name) {
            if (name == null || name.isEmpty()) {
                return false;
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == 0) {
                    return false;
                }
                if (Character.isHighSurrogate(c)) {
                    if (i + 1 == name.length() || !Character.isLowSurrogate(name.charAt(i + 1))) {
                        return false;
                    }
                    i++;
                } else if (Character.isLowSurrogate(c)) {
                    return false;
                }
            }
            return true;
        }
    }

    /** An array index: 0 and up, or -1 for the last element. */
    public record Index(int index) implements Component {
        public static final Index LAST = new Index(-1);

        public Index {
            if (index < -1) {
                throw new IllegalArgumentException("negative index other than -1: " + index);
            }
        }

        public boolean isLast() {
            return index == -1;
        }
    }

    public SubdocPath {
        components = List.copyOf(components);
    }

    /** Builds a path from strings (keys) and integers (indexes), for tests and fixtures. */
    public static SubdocPath of(Object... parts) {
        List<Component> list = new ArrayList<>();
        for (Object part : parts) {
            list.add(part instanceof Integer i ? new Index(i) : new Key((String) part));
        }
        return new SubdocPath(list);
    }

    public boolean isRoot() {
        return components.isEmpty();
    }

    public int size() {
        return components.size();
    }

    public Optional<Component> last() {
        return isRoot() ? Optional.empty() : Optional.of(components.get(components.size() - 1));
    }

    /** Canonical text that {@link SubdocPathParser#parse} reads back to this path. */
    public String render() {
        StringBuilder out = new StringBuilder();
        for (Component component : components) {
            if (component instanceof Index i) {
                out.append('[').append(i.index()).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                PathText.appendKey(out, ((Key) component).name());
            }
        }
        return out.toString();
    }

    /** The wire form of docs/subdoc-wire-format.md: strings for keys, integers for indexes. */
    public ArrayNode toWire() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Component component : components) {
            if (component instanceof Index i) {
                array.add(i.index());
            } else {
                array.add(((Key) component).name());
            }
        }
        return array;
    }

    @Override
    public String toString() {
        return "SubdocPath[" + render() + "]";
    }
}
