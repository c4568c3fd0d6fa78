package io.cardea.server.admin;

import io.cardea.server.web.RequestRefused;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.function.Consumer;
import org.springframework.http.HttpStatus;

/**
 * How the admin API pages through a list, oldest first: each page ends with an opaque
 * {@code next_page} token, the creation time and id of its last item, which the next request
 * passes back as {@code page}. Keyset paging: a page is as fast as the first, and items created
 * meanwhile are neither skipped nor repeated.
 */
final class Paging {

    static final int MAX_PAGE_SIZE = 500;

    /** Where a page starts: after the item created at {@code createdAt} with {@code id}. */
    record Position(Instant createdAt, String id) {
        String token() {
            String text = createdAt + "|" + id;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    private Paging() {}

    static void checkSize(int pageSize) {
        if (pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_page_size", "page_size",
                    "page_size is between 1 and " + MAX_PAGE_SIZE + ".");
        }
    }

    /** The position a {@code page} token names; {@code idCheck} throws for an id of the wrong form. */
    static Position position(String token, Consumer<String> idCheck) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\\|", 2);
            idCheck.accept(parts[1]);
            return new Position(Instant.parse(parts[0]), parts[1]);
        } catch (RuntimeException e) {
            throw new RequestRefused(HttpStatus.BAD_REQUEST, "invalid_page", "page",
                    "page is the next_page value of an earlier answer.");
        }
    }
}
