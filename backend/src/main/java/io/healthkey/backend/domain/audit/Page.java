package io.healthkey.backend.domain.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/** One page of an audit list, and where the next one starts (empty on the last page). */
public record Page<T>(List<T> items, Optional<PageCursor> next) {

    public Page {
        items = List.copyOf(items);
        Objects.requireNonNull(next, "next");
    }

    /**
     * The page of {@code fetched}, which holds up to {@code limit + 1} items from the requested position on: the
     * extra item only says that there is a next page, which starts after the last item shown.
     */
    public static <T> Page<T> of(List<T> fetched, int limit, Function<T, PageCursor> positionOf) {
        if (fetched.size() <= limit) {
            return new Page<>(fetched, Optional.empty());
        }
        List<T> shown = fetched.subList(0, limit);
        return new Page<>(shown, Optional.of(positionOf.apply(shown.get(limit - 1))));
    }

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(items.stream().map(mapper).toList(), next);
    }
}
