package dev.vellum.datastore;

import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** The {@code meta.pagination} block of a find: page = offset / limit + 1, size = all matches. */
final class Pagination {

    private Pagination() {
    }

    static ObjectNode of(int offset, int limit, long size, int count) {
        long page = offset / limit + 1;
        long totalPages = (size + limit - 1) / limit;
        boolean hasNext = offset + count < size;
        boolean hasPrev = offset > 0;
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("page", page);
        p.put("per_page", limit);
        p.put("total_pages", totalPages);
        p.put("size", size);
        p.put("count", count);
        p.put("has_next", hasNext);
        if (hasNext) {
            p.put("next_page", page + 1);
        } else {
            p.putNull("next_page");
        }
        p.put("has_prev", hasPrev);
        if (hasPrev) {
            p.put("prev_page", Math.max(1, page - 1));
        } else {
            p.putNull("prev_page");
        }
        p.put("page_showing_start", count == 0 ? 0 : offset + 1L);
        p.put("page_showing_end", count == 0 ? 0 : offset + (long) count);
        return p;
    }
}
