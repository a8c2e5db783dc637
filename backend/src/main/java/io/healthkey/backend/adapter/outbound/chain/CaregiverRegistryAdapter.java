package io.healthkey.backend.adapter.outbound.chain;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.springframework.stereotype.Component;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import io.healthkey.backend.adapter.outbound.chain.contracts.ConsentRegistry;
import io.healthkey.backend.application.caregiver.CaregiverRegistryPort;
import io.healthkey.backend.application.record.KeySharersPort;
import io.healthkey.backend.domain.caregiver.CaregiverAppointment;
import io.healthkey.backend.domain.caregiver.SignedCaregiverMessage;
import io.healthkey.backend.domain.chain.ChainCall;
import io.healthkey.backend.domain.error.DomainException;
import io.healthkey.backend.domain.error.ErrorCode;
import io.healthkey.backend.domain.network.Deployment;
import io.healthkey.protocol.CaregiverPowers;
import io.healthkey.protocol.EthAddress;
import io.healthkey.protocol.RecordId;
import io.healthkey.protocol.Scope;
import io.healthkey.protocol.eip712.AppointmentMessage;
import io.healthkey.protocol.eip712.CaregiverGrantMessage;
import io.healthkey.protocol.eip712.CaregiverGrantRevocationMessage;
import io.healthkey.protocol.eip712.CaregiverRevocationMessage;
import io.healthkey.protocol.eip712.GrantMessage;
import io.healthkey.protocol.eip712.RevocationMessage;

/**
 * {@link CaregiverRegistryPort}, and {@link KeySharersPort} from it, on the generated {@link ConsentRegistry} wrapper, which only encodes (the outbox
 * sends); reads go through {@link TransactionRelay}, on the bounded elastic scheduler.
 */
@Component
class CaregiverRegistryAdapter implements CaregiverRegistryPort, KeySharersPort {

    private final ConsentRegistry registry;
    private final String address;
    private final EthAddress target;
    private final TransactionRelay relay;

    CaregiverRegistryAdapter(Web3j web3j, Deployment deployment, TransactionRelay relay) {
        this.address = deployment.consentRegistry().toString();
        this.target = deployment.consentRegistry();
        this.relay = relay;
        this.registry = ConsentRegistry.load(address, web3j,
                new ReadonlyTransactionManager(web3j, relay.relayerAddress()), new DefaultGasProvider());
    }

    @Override
    public ChainCall appointmentCall(SignedCaregiverMessage<AppointmentMessage> signed) {
        AppointmentMessage appointment = signed.message();
        var struct = new ConsentRegistry.Appointment(appointment.appointer().toString(),
                appointment.patient().toString(), appointment.caregiver().toString(),
                appointment.scopes().stream().map(scope -> scope.toBytes32().toBytes()).toList(),
                BigInteger.valueOf(appointment.powers().bits()), seconds(appointment.expiresAt()),
                appointment.nonce(), seconds(appointment.deadline()));
        return new ChainCall(target, registry.appointCaregiverBySig(struct, signed.signature().toBytes())
                .encodeFunctionCall());
    }

    @Override
    public ChainCall caregiverRevocationCall(SignedCaregiverMessage<CaregiverRevocationMessage> signed) {
        CaregiverRevocationMessage revocation = signed.message();
        var struct = new ConsentRegistry.CaregiverRevocation(revocation.patient().toString(),
                revocation.caregiver().toString(), revocation.nonce(), seconds(revocation.deadline()));
        return new ChainCall(target, registry.revokeCaregiverBySig(struct, signed.signature().toBytes())
                .encodeFunctionCall());
    }

    @Override
    public ChainCall grantCall(SignedCaregiverMessage<CaregiverGrantMessage> signed) {
        GrantMessage grant = signed.message().grant();
        var struct = new ConsentRegistry.CaregiverGrant(signed.message().caregiver().toString(),
                grant.patient().toString(), grant.grantee().toString(), grant.scope().toBytes32().toBytes(),
                BigInteger.valueOf(grant.action().code()), BigInteger.valueOf(grant.purpose().code()),
                seconds(grant.expiresAt()), grant.nonce(), seconds(grant.deadline()));
        return new ChainCall(target, registry.grantByCaregiverBySig(struct, signed.signature().toBytes())
                .encodeFunctionCall());
    }

    @Override
    public ChainCall grantRevocationCall(SignedCaregiverMessage<CaregiverGrantRevocationMessage> signed) {
        RevocationMessage revocation = signed.message().revocation();
        var struct = new ConsentRegistry.CaregiverGrantRevocation(signed.message().caregiver().toString(),
                revocation.patient().toString(), revocation.grantee().toString(),
                revocation.scope().toBytes32().toBytes(), BigInteger.valueOf(revocation.action().code()),
                revocation.nonce(), seconds(revocation.deadline()));
        return new ChainCall(target, registry.revokeByCaregiverBySig(struct, signed.signature().toBytes())
                .encodeFunctionCall());
    }

    @Override
    public Mono<CaregiverAppointment> caregiverOf(EthAddress patient, EthAddress caregiver) {
        var function = registry.caregiverOf(patient.toString(), caregiver.toString());
        return blocking(() -> {
            List<Type> values = function.decodeFunctionResponse(relay.call(address, function.encodeFunctionCall(),
                    DefaultBlockParameterName.LATEST));
            if (values.size() != 4) {
                throw new DomainException(ErrorCode.CHAIN_UNKNOWN_REVERT, "Unexpected caregiverOf answer from "
                        + address);
            }
            EthAddress appointer = EthAddress.parse((String) values.get(3).getValue());
            return new CaregiverAppointment(
                    Instant.ofEpochSecond(((BigInteger) values.get(0).getValue()).longValueExact()),
                    ((BigInteger) values.get(1).getValue()).intValueExact(),
                    ((BigInteger) values.get(2).getValue()).longValueExact(),
                    appointer.isZero() ? Optional.empty() : Optional.of(appointer));
        });
    }

    @Override
    public Mono<Boolean> isCaregiverFor(EthAddress patient, EthAddress caregiver, Scope scope, int powers) {
        var function = registry.isCaregiverFor(patient.toString(), caregiver.toString(), scope.toBytes32().toBytes(),
                BigInteger.valueOf(powers));
        return blocking(() -> relay.read(address, function, Boolean.class, DefaultBlockParameterName.LATEST));
    }

    @Override
    public Mono<Boolean> mayShareKeys(EthAddress patient, EthAddress account, RecordId record) {
        return isCaregiverFor(patient, account, Scope.of(record), CaregiverPowers.GRANT_REVOKE | CaregiverPowers.READ);
    }

    private static BigInteger seconds(Instant instant) {
        return BigInteger.valueOf(instant.getEpochSecond());
    }

    private static <T> Mono<T> blocking(Callable<T> call) {
        return Mono.fromCallable(call).subscribeOn(Schedulers.boundedElastic());
    }
}
