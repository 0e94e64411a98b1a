package dev.vellum.docstore;

import dev.vellum.store.Ids;
import java.util.HexFormat;

/** The states a Datastore delete or archive hides documents in; each batch gets a ref that restores it. */
public enum HiddenState {
    ARCHIVED("archived", "arch_"), DELETED("deleted", "del_");

    final String column;
    private final String refPrefix;

    HiddenState(String column, String refPrefix) {
        this.column = column;
        this.refPrefix = refPrefix;
    }

    /** A new restore ref for one hide: the state's prefix and 24 random hex digits. */
    String newRef() {
        return refPrefix + HexFormat.of().formatHex(Ids.bytes(12));
    }
}
