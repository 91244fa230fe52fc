import { idPart } from '../users/user.response.js';
import type { Follows } from './follows.model.js';

/** A follow as the REST API shows it: the two users' id parts and when. */
export interface FollowResponse {
  follower: string;
  followed: string;
  since: string;
}

/** Turns a stored edge into its API shape. */
export function toFollowResponse(edge: Follows): FollowResponse {
  return {
    follower: idPart(edge.in as { id: unknown }),
    followed: idPart(edge.out as { id: unknown }),
    since: edge.since.toISOString(),
  };
}
