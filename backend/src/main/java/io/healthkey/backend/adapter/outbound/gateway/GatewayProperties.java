package io.healthkey.backend.adapter.outbound.gateway;

import java.nio.file.Path;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The clinics this gateway serves and where their encryption keys are.
 *
 * @param clinics each clinic's address and the file holding its secp256k1 encryption private key (0x hex, one
 *     line); the file must be readable by the service's user only
 */
@ConfigurationProperties("healthkey.gateway")
public record GatewayProperties(@DefaultValue List<Clinic> clinics) {

    public record Clinic(String address, Path keyFile) {

        @Override
        public String toString() {
            return "Clinic[address=" + address + ", keyFile=" + keyFile + "]";
        }
    }
}
