package dev.vellum.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.vellum.sql.JsonParam;
import dev.vellum.sql.Sql;
import dev.vellum.sql.SqlBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.*;
import java.util.*;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Runs each rendered condition on embedded Postgres and compares every row with InMemoryMatcher (NULL would fail too). */
class PostgresCrossCheckTest {
    static final String[] DOCS = {
        "{'n':5,'s':'5','b':true,'nul':null,'tags':['x','y',null],'nums':[1,2],'obj':{'x':1,'y':[1,2]},'rows':[{'v':1}]}",
        "{'n':7.0,'s':'abc','tags':'x','obj':{'x':2}}",
        "{'n':'5','nums':[[1],2],'rows':{'0':{'v':1}}}",
        "{}",
        "{'name':'Johnson','s':'50%_off','tags':['Red','blue-green',5,null,['red']],'n':null,'obj':{'x':'Xylo'}}",
        "{'name':'jo_x\\\\y','s':'50','tags':['','RED'],'nums':'Red'}",
        "{'a':[1],'tags':[{'name':'x'},{'name':'y'}],'items':[{'sku':'A','q':1},{'sku':'B','q':[2,3]}]}",
        "{'a':[[1],2],'tags':[{'name':'x','extra':1}],'items':{'sku':'A','q':1}}",
        "{'a':[[[1]]],'items':[[{'sku':'A'}]],'o':{'p':[{'q':[{'r':1}]},{'q':{'r':2}}]}}",
        "{'a':1,'items':[{'sku':['A','C']},5,'x',null,{'q':null}],'tags':{'name':'x'}}",
        "{'a':[{'k':[1,2]},{}],'items':[],'o':{'p':{'q':[[{'r':1}]]}}}",
        "{'a':{'k':[1,2]},'items':[{'sku':'a'},{'sku':{'A':1}}],'o':{'p':[]}}",
    };
    static final String[] MATCHES = {
        "{'n':5}","{'n':5.0}","{'n':'5'}","{'tags':'x'}","{'nums':2}","{'nums':1}","{'missing':1}",
        "{'obj':{'y':[1,2],'x':1}}","{'obj':{'x':1}}","{'nums':[1,2]}","{'nums':[1]}",
        "{'missing':null}","{'nul':null}","{'tags':null}","{'n:$ne':null}","{'n:$ne':5}","{'tags:$ne':'x'}",
        "{'n:$in':[5,'5']}","{'n:$nin':[5]}","{'n:$in':[]}","{'n:$nin':[]}",
        "{'n:$gt':4.5}","{'n:$lte':5}","{'n:$gt':'1'}","{'s:$gt':'4'}","{'s:$gt':1}","{'nul:$lt':1}","{'nums:$gt':0}","{'b:$gt':false}",
        "{'obj.x':1}","{'obj.y':2}","{'obj.y.1':2}","{'obj.y.-1':2}","{'rows.0.v':1}","{'rows.v':1}","{'rows.v':null}","{'rows.0.v':null}","{'nums.0':[1]}",
        "{'nul:$exists':true}","{'missing:$exists':false}","{'_key':'k1'}","{'_userkey':null}","{'_userkey:$ne':'u1'}",
        "{'_userkey:$in':['u1',null]}","{'_userkey:$nin':['u1']}","{'_version:$in':[1,3]}","{'_created_at:$gte':'2024-03-01T12:00:00+02:00'}",
        "{'_created_at:$in':['2024-03-01T10:00:00Z']}","{'_userkey:$gt':'a'}",
        "{'name:$contains':'HNS'}","{'name:$startswith':'JO'}","{'name:$endswith':'SON'}","{'name:$contains':'_'}",
        "{'name:$contains':'o_x'}","{'name:$contains':'\\\\'}","{'name:$endswith':'\\\\y'}","{'s:$contains':'%'}",
        "{'s:$startswith':'50%'}","{'s:$endswith':'%_off'}","{'s:$contains':''}","{'n:$contains':'5'}",
        "{'tags:$contains':'red'}","{'tags:$contains':'re'}","{'tags:$contains':''}","{'tags:$contains':'5'}",
        "{'tags:$startswith':'BLUE'}","{'tags:$endswith':'EEN'}","{'tags:$startswith':''}","{'nums:$contains':'red'}",
        "{'obj.x:$startswith':'x'}","{'obj:$contains':'x'}","{'missing:$contains':''}","{'nul:$startswith':''}",
        "{'_key:$startswith':'K'}","{'_key:$endswith':'1'}","{'_userkey:$contains':'U'}","{'_userkey:$startswith':''}",
        // array and object operands: the value, or an element of an array, equals the operand
        "{'a':[1]}","{'a:$ne':[1]}","{'a':1}","{'a:$ne':1}","{'a':[[1]]}","{'a':[[1],2]}","{'a:$in':[[1],7]}","{'a:$nin':[[1],7]}",
        "{'a':[]}","{'a':{}}","{'a:$ne':{}}","{'a':{'k':[1,2]}}","{'a':{'k':[2,1]}}","{'a.k':1}","{'a.k':[1,2]}","{'a.k:$ne':2}",
        "{'tags':{'name':'x'}}","{'tags:$ne':{'name':'x'}}","{'tags':{'name':'x','extra':1}}","{'tags:$in':[{'name':'y'},'x']}",
        "{'tags':[{'name':'x'},{'name':'y'}]}","{'obj':{}}","{'rows':{'v':1}}","{'nums':[[1]]}","{'nums:$nin':[[1],[1,2]]}",
        // dotted paths over arrays of objects
        "{'items.sku':'A'}","{'items.sku:$ne':'A'}","{'items.sku':'C'}","{'items.sku':['A','C']}","{'items.sku':null}",
        "{'items.sku:$ne':null}","{'items.q':null}","{'items.sku:$in':['C','B']}","{'items.sku:$nin':['A']}","{'items.q':2}",
        "{'items.q':[2,3]}","{'items':{'sku':'A','q':1}}","{'items':{'sku':'A'}}","{'items.sku':{'A':1}}","{'items.sku.A':1}",
        "{'o.p.q.r':1}","{'o.p.q.r':2}","{'o.p.q':{'r':1}}","{'o.p.q.r:$ne':1}","{'tags.name':'x'}","{'tags.name:$nin':['x','y']}",
        "{'items.sku':'a'}","{'items.0.sku':'A'}","{'items.q:$gt':0}","{'items.sku:$exists':true}",
    };

    /** Conditions the match syntax cannot write; the query-string tests add theirs here too. */
    static Map<String, Condition> extraConditions() {
        Map<String, Condition> extra = new LinkedHashMap<>();
        for (String field : List.of("nul", "tags", "missing", "n", "s", "obj.x")) {
            extra.put(field + " is null", new Condition.IsNull(FieldRef.parse(field), true));
            extra.put(field + " is not null", new Condition.IsNull(FieldRef.parse(field), false));
        }
        extra.put("_userkey is null", new Condition.IsNull(SystemField.USERKEY, true));
        String[][] queryStrings = {
            {"name_contains", "hns"}, {"tags_contains", "RED"}, {"tags_startswith", "blue"}, {"s_endswith", "\"_off\""},
            {"s_contains", "5"}, {"n", "5"}, {"n_gte", "5"}, {"n_in", "5,\"5\",null"}, {"n_notin", "5,7.0"},
            {"n_isnull", "true"}, {"n_isnull", "false"}, {"tags_isnull", "true"}, {"s", "\"5\""}, {"s_gt", "4"},
            {"[or]name_startswith", "jo"}, {"[or]n_lt", "6"}, {"[or:g]tags", "x"}, {"id_in", "k1,k3"}, {"id_endswith", "4"},
            {"created_at_gte", "2024-03-01"}, {"updated_at_lt", "2024-03-02"}, {"_userkey_isnull", "false"},
        };
        for (String[] qs : queryStrings) {
            extra.put("?" + qs[0] + "=" + qs[1], QueryStringParser.parse(Map.of(qs[0], List.of(qs[1])), Set.of()));
        }
        extra.put("?[or]name_startswith=jo&[or]n_lt=6&[or:g]tags=x&[or:g]s_contains=0", QueryStringParser.parse(
                new LinkedHashMap<>(Map.of("[or]name_startswith", List.of("jo"), "[or]n_lt", List.of("6"),
                        "[or:g]tags", List.of("x"), "[or:g]s_contains", List.of("0"))), Set.of()));
        extra.put("not tags endswith x", new Condition.Not(MatchParser.parse(QueryFixtures.json("{'tags:$endswith':'X'}"))));
        return extra;
    }

    @Test
    void sql_agrees_with_memory() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); Connection c = pg.getPostgresDatabase().getConnection()) {
            c.createStatement().execute("create table documents(key text not null, owner text, body jsonb not null, version bigint not null, created_at timestamptz not null, modified_at timestamptz not null)");
            List<ObjectNode> mem = new ArrayList<>();
            for (int i = 0; i < DOCS.length; i++) {
                String owner = i % 2 == 0 ? null : "u1";
                PreparedStatement ps = c.prepareStatement("insert into documents values (?, ?, ?::jsonb, ?, '2024-03-01T10:00:00Z', '2024-03-02T10:00:00Z')");
                ps.setString(1, "k" + i); ps.setString(2, owner); ps.setString(3, DOCS[i].replace('\'', '"')); ps.setLong(4, i);
                ps.executeUpdate();
                ObjectNode d = QueryFixtures.doc(DOCS[i]);
                d.put("_key", "k" + i); d.put("_userkey", owner); d.put("_version", (long) i);
                d.put("_created_at", "2024-03-01T10:00:00Z"); d.put("_modified_at", "2024-03-02T10:00:00Z");
                mem.add(d);
            }
            Map<String, Condition> conditions = new LinkedHashMap<>();
            for (String m : MATCHES) {
                conditions.put(m, MatchParser.parse(QueryFixtures.json(m)));
            }
            conditions.putAll(extraConditions());
            for (Map.Entry<String, Condition> entry : conditions.entrySet()) {
                String m = entry.getKey();
                Condition cond = entry.getValue();
                // coalesce: a top-level range may be SQL NULL where a field is missing, which a
                // WHERE clause reads as false (ConditionRenderer: NULL-free only under a negation)
                SqlBuilder b = new SqlBuilder().sql("select key, coalesce(");
                ConditionRenderer.render(cond, b);
                b.sql(", false) as hit from documents ");
                SortRenderer.render(SortParser.parse("n desc, _version"), b);
                Sql sql = b.build();
                // JDBC reads a lone ? as a placeholder: the jsonpath operator @? is written @?? there
                PreparedStatement ps = c.prepareStatement(sql.text().replace("@?", "@??").replaceAll("\\$\\d+", "?"));
                int i = 1;
                for (Object p : sql.params()) {
                    if (p instanceof JsonParam j) ps.setString(i++, j.json());
                    else if (p instanceof String[] a) ps.setArray(i++, c.createArrayOf("text", a));
                    else if (p instanceof Long[] a) ps.setArray(i++, c.createArrayOf("bigint", a));
                    else ps.setObject(i++, p);
                }
                Map<String, Object> got = new TreeMap<>();
                try (ResultSet rs = ps.executeQuery()) { while (rs.next()) got.put(rs.getString(1), rs.getObject(2)); }
                Map<String, Object> want = new TreeMap<>();
                for (ObjectNode d : mem) want.put(d.get("_key").stringValue(), InMemoryMatcher.matches(cond, d));
                assertEquals(want, got, m + "\n" + sql.text());
            }
        }
    }
}
