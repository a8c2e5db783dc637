package io.healthkey.backend.config;

import java.security.SecureRandom;
import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.adapter.inbound.schedule.FixedDelaySchedule;
import io.healthkey.backend.adapter.outbound.webhook.NettyWebhookSender;
import io.healthkey.backend.adapter.outbound.webhook.SystemDns;
import io.healthkey.backend.application.notification.ConsentNotifications;
import io.healthkey.backend.application.notification.NotificationPolicy;
import io.healthkey.backend.application.notification.NotificationService;
import io.healthkey.backend.application.notification.NotificationStorePort;
import io.healthkey.backend.application.notification.RetrySchedule;
import io.healthkey.backend.application.notification.WebhookAddressRules;
import io.healthkey.backend.application.notification.WebhookDeliveryService;
import io.healthkey.backend.application.notification.WebhookService;
import io.healthkey.backend.application.notification.WebhookStorePort;

/** Wires patient notifications: the stream, webhook registration, and the delivery runner on its own threads. */
@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

    @Bean
    NotificationPolicy notificationPolicy(NotificationProperties properties) {
        return new NotificationPolicy(properties.backlog(), properties.maxStreams(), properties.heartbeat(),
                properties.maxWebhooks(),
                new RetrySchedule(properties.firstRetry(), properties.longestRetry(), properties.maxAttempts()),
                properties.maxInFlight(), properties.attemptTimeout());
    }

    @Bean
    WebhookAddressRules webhookAddressRules(NotificationProperties properties, Environment environment) {
        if (properties.allowLoopbackHttp() && !environment.acceptsProfiles(Profiles.of("local"))) {
            throw new IllegalStateException(
                    "healthkey.notifications.allow-loopback-http is for the 'local' profile only");
        }
        return new WebhookAddressRules(properties.allowLoopbackHttp());
    }

    @Bean
    SystemDns systemDns() {
        return new SystemDns();
    }

    @Bean(destroyMethod = "close")
    NettyWebhookSender webhookSender(WebhookAddressRules rules, SystemDns dns, NotificationPolicy policy) {
        return new NettyWebhookSender(rules, dns, policy.attemptTimeout());
    }

    @Bean
    NotificationService notificationService(NotificationStorePort store, NotificationPolicy policy, Clock clock) {
        return new NotificationService(store, policy, clock, Schedulers.parallel());
    }

    /** Grants and revocations told once indexed; events in older blocks than recent-events are history. */
    @Bean
    ConsentNotifications consentNotifications(NotificationService notifications, Clock clock,
            NotificationProperties properties) {
        return new ConsentNotifications(notifications, clock, properties.recentEvents());
    }

    @Bean
    WebhookService webhookService(WebhookStorePort store, WebhookAddressRules rules, SystemDns dns,
            NotificationPolicy policy, Clock clock) {
        return new WebhookService(store, rules, dns, policy, new SecureRandom(), clock);
    }

    @Bean
    WebhookDeliveryService webhookDeliveryService(WebhookStorePort store, NettyWebhookSender sender,
            NotificationPolicy policy, Clock clock) {
        return new WebhookDeliveryService(store, sender, policy, clock);
    }

    @Bean
    FixedDelaySchedule webhookDeliveryRunner(WebhookDeliveryService deliveries, NotificationProperties properties) {
        return new FixedDelaySchedule("webhook-deliveries", deliveries::startDue, properties.poll());
    }
}
