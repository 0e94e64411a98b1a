package dev.vellum.datastore;

import dev.vellum.docstore.Page;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code meta.pagination} block of a find: page = offset / limit + 1, size = all matches (the
 * planner's estimate when {@code count_estimated}, and {@code total_pages} with it); {@code has_next}
 * is always exact.
 */
final class Pagination {

    private Pagination() {
    }

    static ObjectNode of(int offset, int limit, Page matches, int count) {
        long size = matches.total();
        long page = offset / limit + 1;
        long totalPages = (size + limit - 1) / limit;
        boolean hasNext = matches.hasNext();
        boolean hasPrev = offset > 0;
        ObjectNode p = JsonNodeFactory.instance.objectNode();
        p.put("page", page);
        p.put("per_page", limit);
        p.put("total_pages", totalPages);
        p.put("size", size);
        p.put("count_estimated", matches.countEstimated());
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
