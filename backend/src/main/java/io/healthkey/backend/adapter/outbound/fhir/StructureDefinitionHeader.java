package io.healthkey.backend.adapter.outbound.fhir;

import java.util.function.Supplier;

import org.hl7.fhir.r5.model.StructureDefinition;

/**
 * An R5 structure definition with every element but its snapshot and differential, which it reads from the whole
 * definition when asked for them. The validator lists all structure definitions each time it builds a FHIRPath
 * engine or profile utilities, to read their names, kinds, types and base definitions; headers answer that in a
 * small part of the heap whole definitions take.
 */
final class StructureDefinitionHeader extends StructureDefinition {

    private static final long serialVersionUID = 1L;

    private final boolean snapshot;
    private final boolean differential;
    private final transient Supplier<StructureDefinition> whole;

    StructureDefinitionHeader(StructureDefinition header, boolean snapshot, boolean differential,
                              Supplier<StructureDefinition> whole) {
        header.copyValues(this);
        this.snapshot = snapshot;
        this.differential = differential;
        this.whole = whole;
    }

    @Override
    public boolean hasSnapshot() {
        return snapshot;
    }

    @Override
    public StructureDefinitionSnapshotComponent getSnapshot() {
        return whole.get().getSnapshot();
    }

    @Override
    public boolean hasDifferential() {
        return differential;
    }

    @Override
    public StructureDefinitionDifferentialComponent getDifferential() {
        return whole.get().getDifferential();
    }
}
