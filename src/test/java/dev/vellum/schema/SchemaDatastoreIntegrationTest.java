package dev.vellum.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Every Datastore write op under a collection schema: checked on the resulting document, nothing stored when refused. */
class SchemaDatastoreIntegrationTest extends SchemaTestBase {

    @BeforeEach
    void products() {
        setSchema(c, PRODUCT);
    }

    private String insertOk(String doc) {
        Reply reply = datastore("{'op': 'collection.insert', 'collection': '" + c + "', 'data': " + doc + "}");
        assertThat(reply.status()).as("%s", reply.body()).isEqualTo(200);
        return reply.body().at("/data/0/_key").asString();
    }

    @Test
    void a_conforming_insert_is_stored_and_a_violating_one_is_refused_with_its_pointers() {
        insertOk("{'title': 'Laptop', 'price': 999.5, '&at': '@now()'}");

        Reply refused = datastore("{'op': 'collection.insert', 'collection': '" + c + "', 'data': {'price': -1, 'colour': 'red'}}");

        assertRefused(refused, "/colour", "/price", "/title");
        assertThat(refused.body().at("/error/details/collection").asString()).isEqualTo(c);
        assertThat(refused.body().at("/error/details/violations/1")).isEqualTo(parse(
                "{'pointer': '/price', 'keyword': 'minimum', 'message': 'must have a minimum value of 0'}"));
        assertThat(refused.body().at("/error/message").asString())
                .isEqualTo("the document does not match the collection's schema: /colour: property 'colour' is not defined in the schema and the schema does not allow additional properties");
        assertThat(all(c)).extracting(doc -> doc.get("title").asString()).containsExactly("Laptop");
    }

    @Test
    void a_batch_with_one_violating_document_stores_none_and_names_its_index() {
        insertOk("{'title': 'First', 'price': 1}");

        Reply refused = datastore("{'op': 'collection.insert', 'collection': '" + c + "', 'data': ["
                + "{'title': 'A', 'price': 1}, {'title': 'B', 'price': 'cheap'}, {'title': 'C', 'price': 3}]}");

        assertRefused(refused, "/price");
        assertThat(refused.body().at("/error/details/index").asInt()).isEqualTo(1);
        assertThat(all(c)).hasSize(1);
    }

    @Test
    void an_update_by_key_is_checked_on_the_merged_document() {
        String key = insertOk("{'title': 'Lamp', 'price': 10, 'stock': 3}");
        String other = insertOk("{'title': 'Desk', 'price': 20}");

        assertRefused(datastore("{'op': 'collection.update', 'collection': '" + c + "', 'data': {'_key': '" + key
                + "', 'stock': 11}}"), "/stock");
        Reply refused = datastore("{'op': 'collection.update', 'collection': '" + c + "', 'data': [{'_key': '" + key
                + "', 'stock': 4}, {'_key': '" + other + "', 'tags.x': 'y'}]}");
        assertRefused(refused, "/tags");
        assertThat(refused.body().at("/error/details/key").asString()).isEqualTo(other);
        assertThat(all(c)).containsExactlyInAnyOrder(parse("{'title': 'Lamp', 'price': 10, 'stock': 3}"),
                parse("{'title': 'Desk', 'price': 20}"));

        Reply ok = datastore("{'op': 'collection.update', 'collection': '" + c + "', 'data': {'_key': '" + key + "', 'stock': 4}}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(all(c)).containsExactlyInAnyOrder(parse("{'title': 'Lamp', 'price': 10, 'stock': 4}"),
                parse("{'title': 'Desk', 'price': 20}"));
    }

    @Test
    void an_update_by_match_is_refused_whole_when_one_result_violates() {
        insertOk("{'title': 'A', 'price': 1, 'stock': 9}");
        insertOk("{'title': 'B', 'price': 2, 'stock': 1}");
        List<JsonNode> before = all(c);

        Reply refused = datastore("{'op': 'collection.update', 'collection': '" + c
                + "', 'match': {'price:$gte': 0}, 'data': {'stock': 10, 'price': null}}");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.code()).isEqualTo("VALIDATION_ERROR");
        assertThat(refused.pointers()).containsExactly("/price");
        assertThat(all(c)).isEqualTo(before);
    }

    @Test
    void an_upsert_is_checked_on_both_its_insert_and_its_update() {
        assertRefused(datastore("{'op': 'collection.upsert', 'collection': '" + c + "', 'match': {'name': 'Pen'},"
                + " 'update': {'price': 2}, 'insert': {'price': 1}}"), "/name", "/title");
        assertThat(all(c)).isEmpty();

        Reply inserted = datastore("{'op': 'collection.upsert', 'collection': '" + c + "', 'match': {'title': 'Pen'},"
                + " 'update': {'price': 2}, 'insert': {'price': 1}}");
        assertThat(inserted.status()).as("%s", inserted.body()).isEqualTo(200);
        assertThat(all(c)).containsExactly(parse("{'title': 'Pen', 'price': 1}"));

        assertRefused(datastore("{'op': 'collection.upsert', 'collection': '" + c + "', 'match': {'title': 'Pen'},"
                + " 'update': {'price': -2}, 'insert': {'price': 1}}"), "/price");
        assertThat(all(c)).containsExactly(parse("{'title': 'Pen', 'price': 1}"));
    }

    @Test
    void delete_archive_and_restore_are_not_checked() {
        setSchema(c, null);
        insertOk("{'title': 'Old', 'price': -5}");
        setSchema(c, PRODUCT);

        Reply archived = datastore("{'op': 'collection.archive', 'collection': '" + c + "', 'match': {'title': 'Old'}}");
        assertThat(archived.status()).isEqualTo(200);
        assertThat(all(c)).isEmpty();
        Reply restored = datastore("{'op': 'collection.restore', 'collection': '" + c + "', 'match': {'_ref': '"
                + archived.body().at("/data/_ref").asString() + "'}}");
        assertThat(restored.status()).as("%s", restored.body()).isEqualTo(200);
        assertThat(all(c)).containsExactly(parse("{'title': 'Old', 'price': -5}"));
        assertThat(datastore("{'op': 'collection.delete', 'collection': '" + c + "', 'match': {'title': 'Old'}}").status())
                .isEqualTo(200);
        assertThat(all(c)).isEmpty();
    }
}
