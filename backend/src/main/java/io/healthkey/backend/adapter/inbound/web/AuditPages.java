package io.healthkey.backend.adapter.inbound.web;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.util.UriComponentsBuilder;

import io.healthkey.backend.domain.audit.Page;
import io.healthkey.backend.domain.audit.PageRequest;

/**
 * Pages of the audit lists over HTTP: {@code limit} and {@code cursor} query parameters in, the page's items as the
 * JSON array body out, and, when there is a next page, an RFC 8288 {@code Link: <...>; rel="next"} header whose URL
 * (relative, same list, same limit) carries the opaque cursor. The body stays a plain array, as before pages.
 */
final class AuditPages {

    static final String LIMIT = "limit";
    static final String CURSOR = "cursor";

    private AuditPages() {
    }

    static PageRequest request(String list, String limit, String cursor) {
        return PageRequest.of(list, Optional.ofNullable(limit), Optional.ofNullable(cursor));
    }

    static <T, R> ResponseEntity<List<R>> response(String path, PageRequest asked, Page<T> page,
            Function<T, R> toJson) {
        return response(UriComponentsBuilder.fromPath(path), asked, page, toJson);
    }

    /** As above, for a list whose URL carries query parameters of its own (a search): the next page keeps them. */
    static <T, R> ResponseEntity<List<R>> response(UriComponentsBuilder list, PageRequest asked, Page<T> page,
            Function<T, R> toJson) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok();
        page.next().ifPresent(next -> answer.header(HttpHeaders.LINK, "<" + list
                .queryParam(LIMIT, asked.limit())
                .queryParam(CURSOR, next.token())
                .encode().build().toUriString() + ">; rel=\"next\""));
        return answer.body(page.items().stream().map(toJson).toList());
    }
}
