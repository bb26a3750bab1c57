import type {
  DashboardScope,
  DashboardStore,
  MemberFigures,
  QuestionDetail,
  QuestionFigures,
  TagMastery,
  WorkspaceOverview,
} from "../../domain/ports/dashboard-store.js";
import type { Db } from "../database.js";
import { memberFigures } from "./member-queries.js";
import { workspaceOverview } from "./overview-queries.js";
import { questionDetail, questionList } from "./question-queries.js";
import { tagMastery } from "./tag-queries.js";

/** The dashboard's reads on the database; each statement is scoped to one server/workspace. */
export class DrizzleDashboardStore implements DashboardStore {
  constructor(private readonly db: Db) {}

  overview(scope: DashboardScope, now: Date): Promise<WorkspaceOverview> {
    return workspaceOverview(this.db, scope, now);
  }

  member(scope: DashboardScope, memberId: string, now: Date): Promise<MemberFigures | undefined> {
    return memberFigures(this.db, scope, memberId, now);
  }

  questions(scope: DashboardScope): Promise<QuestionFigures[]> {
    return questionList(this.db, scope);
  }

  question(scope: DashboardScope, questionId: string): Promise<QuestionDetail | undefined> {
    return questionDetail(this.db, scope, questionId);
  }

  tags(scope: DashboardScope, now: Date): Promise<TagMastery[]> {
    return tagMastery(this.db, scope, now);
  }
}
