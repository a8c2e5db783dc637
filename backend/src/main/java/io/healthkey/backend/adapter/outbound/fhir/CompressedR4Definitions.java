package io.healthkey.backend.adapter.outbound.fhir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

import javax.xml.stream.XMLEventFactory;
import javax.xml.stream.XMLEventReader;
import javax.xml.stream.XMLEventWriter;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.events.Attribute;
import javax.xml.stream.events.StartElement;
import javax.xml.stream.events.XMLEvent;

import javax.xml.namespace.QName;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The conformance resources HAPI ships for R4 (structure definitions, extension definitions, value sets, code
 * systems), each kept as its own deflated XML, with the structure definitions' headers, with the few facts the
 * validator asks about all of them at once (url, kind, type, name). Parsing all of them, as HAPI's
 * {@code DefaultProfileValidationSupport} does, holds far more live heap (benchmarks/README.md, "FHIR validation");
 * {@link OnDemandR4Definitions} parses one when it is asked for.
 *
 * <p>Reads each bundle once, streaming: the largest transient is one resource. A resource's narrative
 * ({@code text}) is dropped, as validation never reads it. Immutable once built; safe to share between threads.
 */
final class CompressedR4Definitions {

    static final List<String> STRUCTURE_BUNDLES = List.of(
            "/org/hl7/fhir/r4/model/profile/profiles-resources.xml",
            "/org/hl7/fhir/r4/model/profile/profiles-types.xml",
            "/org/hl7/fhir/r4/model/profile/profiles-others.xml",
            "/org/hl7/fhir/r4/model/extension/extension-definitions.xml");
    static final List<String> TERMINOLOGY_BUNDLES = List.of(
            "/org/hl7/fhir/r4/model/valueset/valuesets.xml",
            "/org/hl7/fhir/r4/model/valueset/v2-tables.xml",
            "/org/hl7/fhir/r4/model/valueset/v3-codesystems.xml");

    private static final Logger log = LoggerFactory.getLogger(CompressedR4Definitions.class);
    private static final Set<String> HEADER_OMITS = Set.of("text", "snapshot", "differential");
    private static final String FHIR_NS = "http://hl7.org/fhir";
    private static final XMLInputFactory INPUT = XMLInputFactory.newFactory();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();
    private static final XMLEventFactory EVENTS = XMLEventFactory.newFactory();

    static {
        INPUT.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        INPUT.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    }

    /** One conformance resource: its type, top-level facts and deflated XML. */
    record Entry(String resourceType, String url, String version, String name, String kind, String type,
                 boolean hasSnapshot, boolean hasDifferential, long xmlBytes, byte[] deflatedXml,
                 byte[] deflatedHeaderXml) {

        /** The resource's XML. */
        String xml() {
            return inflate(deflatedXml);
        }

        /** A structure definition's XML without its snapshot and differential. */
        String headerXml() {
            return inflate(deflatedHeaderXml);
        }

        private static String inflate(byte[] deflated) {
            try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(deflated))) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final Map<String, Entry> structureDefinitions;
    private final Map<String, Entry> valueSets;
    private final Map<String, Entry> codeSystems;

    private CompressedR4Definitions(List<Entry> entries) {
        Map<String, Entry> sds = new HashMap<>();
        Map<String, Entry> vss = new HashMap<>();
        Map<String, Entry> css = new HashMap<>();
        for (Entry entry : entries) {
            Map<String, Entry> target = switch (entry.resourceType()) {
                case "StructureDefinition" -> sds;
                case "ValueSet" -> vss;
                case "CodeSystem" -> css;
                default -> null;
            };
            if (target != null && entry.url() != null && !entry.url().isBlank()) {
                // The last one wins, as in HAPI's own loader.
                target.put(entry.url(), entry);
            }
        }
        this.structureDefinitions = Map.copyOf(sds);
        this.valueSets = Map.copyOf(vss);
        this.codeSystems = Map.copyOf(css);
    }

    /** Reads the given classpath bundles (each must exist). */
    static CompressedR4Definitions read(List<String> bundles) {
        long start = System.nanoTime();
        List<Entry> entries = new ArrayList<>();
        for (String bundle : bundles) {
            try (InputStream in = CompressedR4Definitions.class.getResourceAsStream(bundle)) {
                if (in == null) {
                    throw new IllegalStateException("No " + bundle + " on the classpath");
                }
                readBundle(in, entries);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (XMLStreamException e) {
                throw new IllegalStateException("Cannot read " + bundle, e);
            }
        }
        CompressedR4Definitions read = new CompressedR4Definitions(entries);
        log.info("Indexed {} FHIR R4 conformance resources ({} KiB deflated) in {} ms", read.size(),
                read.deflatedBytes() / 1024, (System.nanoTime() - start) / 1_000_000);
        return read;
    }

    Optional<Entry> structureDefinition(String url) {
        return Optional.ofNullable(structureDefinitions.get(url));
    }

    Optional<Entry> valueSet(String url) {
        return Optional.ofNullable(valueSets.get(url));
    }

    Optional<Entry> codeSystem(String url) {
        return Optional.ofNullable(codeSystems.get(url));
    }

    List<Entry> structureDefinitions() {
        return List.copyOf(structureDefinitions.values());
    }

    /** Deflated bytes held. */
    long deflatedBytes() {
        return List.of(structureDefinitions, valueSets, codeSystems).stream()
                .flatMap(map -> map.values().stream())
                .mapToLong(entry -> entry.deflatedXml().length
                        + (entry.deflatedHeaderXml() == null ? 0 : entry.deflatedHeaderXml().length))
                .sum();
    }

    int size() {
        return structureDefinitions.size() + valueSets.size() + codeSystems.size();
    }

    /** Copies each {@code Bundle.entry.resource} out of the stream, one at a time. */
    private static void readBundle(InputStream in, List<Entry> entries) throws XMLStreamException, IOException {
        XMLEventReader reader = INPUT.createXMLEventReader(in);
        try {
            // Path of local names from the Bundle down: Bundle / entry / resource / <the resource>.
            int depth = 0;
            boolean inResource = false;
            while (reader.hasNext()) {
                XMLEvent event = reader.nextEvent();
                if (event.isStartElement()) {
                    depth++;
                    String name = event.asStartElement().getName().getLocalPart();
                    if (depth == 3 && "resource".equals(name)) {
                        inResource = true;
                    } else if (depth == 4 && inResource) {
                        entries.add(copyResource(event.asStartElement(), reader));
                        depth--;
                    }
                } else if (event.isEndElement()) {
                    if (depth == 3) {
                        inResource = false;
                    }
                    depth--;
                }
            }
        } finally {
            reader.close();
        }
    }

    /**
     * Copies one resource, from its start element to its end element, and notes its top-level facts. A structure
     * definition is copied twice: whole, and as a header without its snapshot and differential.
     */
    private static Entry copyResource(StartElement root, XMLEventReader reader) throws XMLStreamException,
            IOException {
        String resourceType = root.getName().getLocalPart();
        Map<String, String> facts = new HashMap<>();
        Set<String> children = new HashSet<>();
        try (DeflatedXml whole = new DeflatedXml(resourceType);
             DeflatedXml header = new DeflatedXml(resourceType)) {
            boolean copyHeader = "StructureDefinition".equals(resourceType);
            int depth = 1;
            String child = null;
            while (true) {
                XMLEvent event = reader.nextEvent();
                if (event.isStartElement()) {
                    depth++;
                    if (depth == 2) {
                        StartElement start = event.asStartElement();
                        child = start.getName().getLocalPart();
                        children.add(child);
                        Attribute value = start.getAttributeByName(new QName("value"));
                        if (value != null) {
                            facts.putIfAbsent(child, value.getValue());
                        }
                    }
                } else if (event.isEndElement() && --depth == 0) {
                    break;
                }
                boolean inChild = depth >= 2 || event.isEndElement() && depth == 1;
                if (!inChild || !"text".equals(child)) {
                    whole.add(event);
                    if (copyHeader && (!inChild || !HEADER_OMITS.contains(child))) {
                        header.add(event);
                    }
                }
            }
            whole.finish();
            header.finish();
            return new Entry(resourceType, facts.get("url"), facts.get("version"), facts.get("name"),
                    facts.get("kind"), facts.get("type"), children.contains("snapshot"),
                    children.contains("differential"), whole.xmlBytes(),
                    whole.bytes(), copyHeader ? header.bytes() : null);
        }
    }

    /** XML events written out as one deflated FHIR resource. */
    private static final class DeflatedXml implements AutoCloseable {

        private final String resourceType;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Deflater deflater = new Deflater(Deflater.BEST_SPEED);
        private final Writer out = new OutputStreamWriter(new DeflaterOutputStream(bytes, deflater),
                StandardCharsets.UTF_8);
        private final XMLEventWriter writer;
        private long xmlBytes;

        DeflatedXml(String resourceType) throws XMLStreamException {
            this.resourceType = resourceType;
            this.writer = OUTPUT.createXMLEventWriter(out);
            // The FHIR namespace was declared on the Bundle: declare it again on the resource.
            writer.add(EVENTS.createStartElement("", FHIR_NS, resourceType, null,
                    List.of(EVENTS.createNamespace(FHIR_NS)).iterator()));
        }

        void add(XMLEvent event) throws XMLStreamException {
            writer.add(event);
        }

        /** Ends the resource; the StAX writer does not close its stream, so close it, flushing the deflater. */
        void finish() throws XMLStreamException, IOException {
            writer.add(EVENTS.createEndElement("", FHIR_NS, resourceType));
            writer.close();
            out.close();
            xmlBytes = deflater.getBytesRead();
        }

        byte[] bytes() {
            return bytes.toByteArray();
        }

        long xmlBytes() {
            return xmlBytes;
        }

        @Override
        public void close() {
            // DeflaterOutputStream does not end a deflater it was given: free its native memory here.
            deflater.end();
        }
    }
}
