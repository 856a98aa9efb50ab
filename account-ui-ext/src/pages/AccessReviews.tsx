import { Page as ContentPage } from "@keycloak/keycloak-account-ui";
import { Alert, Button, Card, CardBody, CardTitle, Checkbox, Label, TextInput, Toolbar, ToolbarContent, ToolbarItem } from "@patternfly/react-core";
import { Table, Tbody, Td, Th, Thead, Tr } from "@patternfly/react-table";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { errorText, useOrgsApi, type Review, type ReviewItem } from "../api";
import { formatDate, formatGrantedBy, useMyId, useTenancyAccess } from "../access";

/** "Access reviews": the open reviews the user reviews, with Keep/Revoke per item and in bulk; never their own items. */
export function AccessReviews() {
  const { t } = useTranslation();
  const { orgs } = useTenancyAccess();
  const api = useOrgsApi();
  const me = useMyId();
  const [reviews, setReviews] = useState<{ orgId: string; orgName: string; review: Review }[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    Promise.all(
      orgs
        .filter((o) => o.access.openReviews > 0)
        .map(async ({ org }) =>
          (await api.get<Review[]>(`/${org.id}/access-reviews`))
            .filter((r) => r.status === "OPEN" && me && r.reviewers.includes(me))
            .map((review) => ({ orgId: org.id, orgName: org.name, review })),
        ),
    )
      .then((all) => setReviews(all.flat()))
      .catch((e) => setError(errorText(e)));
  }, [api, orgs, me]);

  return (
    <ContentPage title={t("tenancyAccessReviews")} description={t("tenancyAccessReviewsDescription")}>
      {error && <Alert variant="danger" isInline title={error} />}
      {reviews && reviews.length === 0 && <Alert variant="info" isInline title="You have no open review." />}
      {reviews?.map(({ orgId, orgName, review }) => (
        <ReviewCard key={review.id} orgId={orgId} orgName={orgName} review={review} />
      ))}
    </ContentPage>
  );
}

function ReviewCard({ orgId, orgName, review }: { orgId: string; orgName: string; review: Review }) {
  const api = useOrgsApi();
  const me = useMyId();
  const [items, setItems] = useState<ReviewItem[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [comment, setComment] = useState("");
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const base = `/${orgId}/access-reviews/${review.id}`;

  const load = useCallback(
    () =>
      api
        .get<ReviewItem[]>(`${base}/items`)
        .then((all) => setItems(all.filter((i) => i.userId !== me)))
        .catch((e) => setMessage({ ok: false, text: errorText(e) })),
    [api, base, me],
  );
  useEffect(() => {
    load();
  }, [load]);

  const decide = async (ids: string[], decision: "KEEP" | "REVOKE") => {
    try {
      if (ids.length === 1) {
        await api.put(`${base}/items/${ids[0]}`, { decision, comment: comment || undefined });
      } else {
        await api.post(`${base}/decisions`, { items: ids, decision, comment: comment || undefined });
      }
      setMessage({ ok: true, text: `${ids.length} decision${ids.length > 1 ? "s" : ""} saved: ${decision}` });
      setSelected(new Set());
      load();
    } catch (e) {
      setMessage({ ok: false, text: errorText(e) });
    }
  };
  const what = (i: ReviewItem) => (i.role ? `role ${i.role}` : `group ${i.groupName ?? i.group}`);
  const key = (i: ReviewItem) => `${i.username}-${i.role ?? i.groupName ?? i.group}`;

  return (
    <Card className="pf-v5-u-mb-lg" data-testid={`tenancy-review-${review.name}`}>
      <CardTitle>
        {review.name} <small className="pf-v5-u-color-200">({orgName}, due {formatDate(review.dueAt)})</small>
      </CardTitle>
      <CardBody>
        {message && (
          <Alert data-testid="tenancy-review-message" variant={message.ok ? "success" : "danger"} isInline isPlain title={message.text} className="pf-v5-u-mb-sm" />
        )}
        <Toolbar>
          <ToolbarContent>
            <ToolbarItem>
              <TextInput aria-label="Comment" placeholder="Comment (optional)" data-testid="tenancy-review-comment" value={comment} onChange={(_e, v) => setComment(v)} />
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" data-testid="tenancy-review-bulk-keep" isDisabled={!selected.size} onClick={() => decide([...selected], "KEEP")}>
                Keep selected
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="danger" data-testid="tenancy-review-bulk-revoke" isDisabled={!selected.size} onClick={() => decide([...selected], "REVOKE")}>
                Revoke selected
              </Button>
            </ToolbarItem>
          </ToolbarContent>
        </Toolbar>
        <Table variant="compact">
          <Thead>
            <Tr>
              <Th screenReaderText="Select" />
              <Th>Member</Th>
              <Th>Access</Th>
              <Th>Granted by</Th>
              <Th>Decision</Th>
              <Th screenReaderText="Actions" />
            </Tr>
          </Thead>
          <Tbody>
            {items.map((i) => (
              <Tr key={i.id} data-testid={`tenancy-review-item-${key(i)}`}>
                <Td>
                  <Checkbox
                    id={`select-${i.id}`}
                    aria-label={`Select ${i.username} ${what(i)}`}
                    isChecked={selected.has(i.id)}
                    onChange={(_e, on) => {
                      const next = new Set(selected);
                      if (on) next.add(i.id);
                      else next.delete(i.id);
                      setSelected(next);
                    }}
                  />
                </Td>
                <Td dataLabel="Member">{i.username}</Td>
                <Td dataLabel="Access">{what(i)}</Td>
                <Td dataLabel="Granted by">{formatGrantedBy(i.grantedBy)}</Td>
                <Td dataLabel="Decision">
                  <Label data-testid={`tenancy-review-decision-${key(i)}`} color={i.decision === "KEEP" ? "green" : i.decision === "REVOKE" ? "red" : "grey"}>
                    {i.decision}
                  </Label>
                  {i.comment ? ` ${i.comment}` : ""}
                </Td>
                <Td isActionCell className="pf-v5-u-text-nowrap">
                  <Button variant="link" data-testid={`tenancy-review-keep-${key(i)}`} onClick={() => decide([i.id], "KEEP")}>
                    Keep
                  </Button>
                  <Button variant="link" isDanger data-testid={`tenancy-review-revoke-${key(i)}`} onClick={() => decide([i.id], "REVOKE")}>
                    Revoke
                  </Button>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </CardBody>
    </Card>
  );
}
