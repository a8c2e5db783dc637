package io.healthkey.backend.adapter.inbound.health;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

import io.healthkey.backend.application.index.EventIndexer;
import io.healthkey.backend.domain.index.IndexedBlock;

/** The event index's status as gauges ({@code healthkey.index.*}); bound by Boot once the registry's filters are in. */
@Component
class EventIndexMetrics implements MeterBinder {

    private final EventIndexer indexer;

    EventIndexMetrics(EventIndexer indexer) {
        this.indexer = indexer;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("healthkey.index.lag", indexer, i -> i.status().lag()).baseUnit("blocks")
                .description("blocks between the newest head seen and the last indexed block").register(registry);
        Gauge.builder("healthkey.index.head", indexer, i -> i.status().head()).baseUnit("blocks")
                .description("newest head block seen").register(registry);
        Gauge.builder("healthkey.index.block", indexer, i -> i.status().cursor().map(IndexedBlock::number).orElse(-1L))
                .baseUnit("blocks").description("last indexed block").register(registry);
        Gauge.builder("healthkey.index.events", indexer, i -> i.status().eventsIndexed()).baseUnit("events")
                .description("events indexed by this process").register(registry);
        Gauge.builder("healthkey.index.reorgs", indexer, i -> i.status().reorgs())
                .description("reorgs rolled back by this process").register(registry);
    }
}
