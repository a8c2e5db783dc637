package io.healthkey.backend.adapter.outbound.pinning;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Remote pinning services (the IPFS Pinning Service API) that keep further copies of every record ciphertext.
 *
 * @param services the services, none by default
 * @param timeout how long one call to a service may take
 * @param uploadsInFlight the most new uploads being sent to the services at once; more are left to the audit
 */
@ConfigurationProperties("healthkey.pinning")
public record PinningProperties(
        @DefaultValue List<Service> services,
        @DefaultValue("10s") Duration timeout,
        @DefaultValue("16") int uploadsInFlight) {

    public PinningProperties {
        services = List.copyOf(services);
        if (services.stream().map(Service::name).distinct().count() != services.size()) {
            throw new IllegalArgumentException("healthkey.pinning.services[].name must be unique");
        }
    }

    /**
     * One service.
     *
     * @param name a short name: the {@code location} tag of the metrics ({@code primary} is taken)
     * @param endpoint the API's base URL, without {@code /pins}
     * @param token the access token: set it from the environment (for example
     *        {@code HEALTHKEY_PINNING_SERVICES_0_TOKEN}), never in a file under version control
     * @param gateway optional: a Trustless Gateway that serves the service's blocks, for the sampled check (absent:
     *        the service's word "pinned" is taken)
     */
    public record Service(String name, URI endpoint, BearerToken token, Optional<URI> gateway) {

        public Service {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(token, "token");
            gateway = gateway == null ? Optional.empty() : gateway;
            if (!name.matches("[a-z0-9-]{1,32}") || name.equals("primary")) {
                throw new IllegalArgumentException("a pinning service name is 1 to 32 of a-z, 0-9 and '-', not "
                        + "'primary'");
            }
        }
    }
}
