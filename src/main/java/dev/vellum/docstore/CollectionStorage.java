package dev.vellum.docstore;

/**
 * Where a collection's documents live (the value of {@code documents.collection}): its name until
 * the name was deleted once, then {@code name~<generation>}. Names cannot hold {@code '~'}, so a
 * storage never equals another collection's name (sql/V90, function {@code vellum_storage}).
 */
public final class CollectionStorage {

    private CollectionStorage() {
    }

    public static String of(String name, long generation) {
        return generation == 0 ? name : name + "~" + generation;
    }

    /** The generation a storage was made in. */
    public static long generation(String storage) {
        int tilde = storage.lastIndexOf('~');
        return tilde < 0 ? 0 : Long.parseLong(storage.substring(tilde + 1));
    }
}
