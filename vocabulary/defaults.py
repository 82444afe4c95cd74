"""The glossary an organisation starts from; the team edits and extends it."""

DEFAULT_TERMS = [
    (
        "Socratic question",
        "An open question that helps the other person find the answer themselves, instead of "
        "being told.",
        "“What would happen to the rollout if legal signed off a month late?”",
    ),
    (
        "Reframing",
        "Changing the frame of an objection so the buyer sees it from another angle, usually "
        "cost of inaction or value instead of price.",
        "“Too expensive compared with what: the licence, or three more months of manual audits?”",
    ),
    (
        "Teach-back",
        "Explaining a concept in your own words to check and deepen your understanding; peers "
        "say what they understood.",
        "A rep records two minutes explaining multi-threading; two peers say what they took away.",
    ),
    (
        "Deal clinic",
        "A short peer review of one live deal: the deal in a minute, clarifying questions, risks "
        "and next steps from peers, and the owner's commitments.",
        "Twenty minutes on the Northwind renewal ending with three action items.",
    ),
    (
        "GROW",
        "A coaching conversation in four steps: Goal, Reality, Options, Way forward (what, when, "
        "by whom, and the will to do it).",
        "“What do you want from this account by June? Where is it today?”",
    ),
    (
        "SBI",
        "Feedback in three parts: the Situation, the observable Behaviour, and its Impact.",
        "“In Tuesday's demo (S), you paused after the price (B), and the CFO filled the "
        "silence with their budget (I).”",
    ),
    (
        "Mutual action plan",
        "A plan written with the buyer listing both sides' steps, owners and dates up to "
        "signature and go-live.",
        "A shared page with legal review by 3 May, security sign-off by 10 May, signature 20 May.",
    ),
    (
        "Champion",
        "Someone inside the buying organisation who has power and influence and sells for you "
        "when you are not in the room.",
        "The head of operations who set up the CFO meeting and briefed us on her concerns.",
    ),
    (
        "Economic buyer",
        "The person who can release the money and has the final say, whatever the org chart says.",
        "The CFO, who can approve an unbudgeted purchase over 50k.",
    ),
    (
        "Multi-threading",
        "Building relationships with several people in the account so the deal does not hang "
        "on one contact.",
        "Meeting IT, finance and the end users, not only the champion.",
    ),
    (
        "Cost of doing nothing",
        "What the buyer loses by not acting: money, time, risk. It turns “not now” into a "
        "decision with a price.",
        "“Each month of manual audits costs your team about 60 hours.”",
    ),
]
