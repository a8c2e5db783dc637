package io.healthkey.backend.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import io.healthkey.backend.application.outbox.SponsorshipPolicy;
import io.healthkey.protocol.EthAddress;

/**
 * How many relayed transactions the relayer pays for per account ({@code healthkey.sponsorship.*}); see
 * {@link io.healthkey.backend.application.outbox.RelaySponsorship}.
 *
 * @param relaysPerPeriod grants, key publications and anchors accepted per account and period
 * @param period the window, aligned on the Unix epoch (a day is a UTC day)
 * @param budgets accounts (0x addresses) with a budget of their own, e.g. a clinic's
 */
@ConfigurationProperties("healthkey.sponsorship")
public record SponsorshipProperties(
        @DefaultValue("50") int relaysPerPeriod,
        @DefaultValue("1d") Duration period,
        @DefaultValue Map<String, Integer> budgets) {

    SponsorshipPolicy policy() {
        Map<EthAddress, Integer> byAccount = new LinkedHashMap<>();
        budgets.forEach((account, budget) -> byAccount.put(EthAddress.parse(account), budget));
        return new SponsorshipPolicy(relaysPerPeriod, period, byAccount);
    }
}
