"""Topics about working with people: onboarding, feedback, meetings, wellbeing, leading."""

from .model import TopicText, clip

ONBOARDING = TopicText(
    "Onboarding",
    "Your first weeks, and how to welcome the people who join after you.",
    (
        clip(
            "Your first week, day by day",
            "What to aim for on each of your first five days, so the week ends with a plan.",
            "first week, new starters, planning",
            "Priya Shah",
            "Nobody expects you to be productive in your first week, so do not try to prove it.",
            "On day one, find out where things live: the chat channels, the shared drive and "
            "the calendar of your team.",
            "Day two is for people: book twenty minutes with each colleague you will work with "
            "most.",
            "By midweek, ask your manager what a good first month looks like in their words, "
            "and write it down.",
            "Spend Thursday on one small real task, because finishing something teaches you how "
            "work actually moves here.",
            "On Friday, send your manager three things you learned and two questions you still "
            "have.",
            featured=True,
        ),
        clip(
            "Asking questions without feeling lost",
            "Good questions show context and effort; here is a simple way to ask them.",
            "questions, new starters, confidence",
            "Tom Okafor",
            "Every new starter worries about asking too many questions; almost nobody asks too "
            "many.",
            "A good question says what you are trying to do, what you tried, and where you are "
            "stuck.",
            "Ask in a shared channel when the answer could help others, and in private when it "
            "is about you.",
            "Keep a running page of answers you receive, so you only ever ask each question once.",
            "If you have been stuck for more than thirty minutes, that is your signal to ask.",
        ),
        clip(
            "Being a great onboarding buddy",
            "What a buddy does in the first month, and what they should leave to the manager.",
            "buddy, mentoring, new starters",
            "Mei Lin",
            "A buddy is the person a new starter can ask the questions they feel silly asking "
            "their manager.",
            "Meet on the first morning, even briefly, and show them where to get coffee and "
            "where to get help.",
            "Check in every couple of days during the first two weeks, then once a week.",
            "Explain the unwritten rules: which meetings matter, how people like to be "
            "contacted, what acronyms mean.",
            "Leave goals and performance to the manager; your job is comfort and orientation.",
        ),
        clip(
            "Learning the tools in your first month",
            "Pick the few tools you use every day and learn them properly, one at a time.",
            "tools, productivity, new starters",
            "Dr Ruth Ellison",
            "You will meet a dozen tools in your first month, but you only use three of them "
            "every day.",
            "Find out which three those are, and learn their search and their shortcuts first.",
            "Ask a colleague to share their screen for ten minutes while they do a routine task; "
            "you will pick up habits no guide mentions.",
            "Set up notifications deliberately, or every tool will shout at you at once.",
            "Come back after a month and tidy what you set up in a hurry during the first week.",
        ),
    ),
)

FEEDBACK = TopicText(
    "Giving feedback",
    "Saying what helps and what does not, so that people can act on it.",
    (
        clip(
            "Feedback that lands: situation, behaviour, impact",
            "A three-part structure that keeps feedback specific, fair and easy to act on.",
            "feedback, SBI, conversations",
            "Jonas Weber",
            "Vague feedback like great job or needs work gives people nothing to act on.",
            "Start with the situation: the meeting on Tuesday, the report you sent last week.",
            "Describe the behaviour you saw, not your guess about why it happened.",
            "Then name the impact it had on you, the team or the customer.",
            "Situation, behaviour, impact works for praise too, and specific praise is the kind "
            "people repeat.",
            "Finish with a question, such as how did it look from your side, and listen to the "
            "answer.",
            featured=True,
        ),
        clip(
            "Receiving feedback without getting defensive",
            "How to listen, say thank you and decide later what to do with what you heard.",
            "feedback, listening, growth",
            "Aisha Rahman",
            "Feeling defensive when you hear criticism is normal; acting on that feeling is "
            "optional.",
            "Your only job in the moment is to understand, so ask for an example.",
            "Say thank you, even when you disagree, because it took effort to tell you.",
            "Decide what to do about it a day later, when the sting has faded.",
            "If you change something, tell the person, and they will keep giving you feedback.",
        ),
        clip(
            "Praise that means something",
            "Specific, timely recognition that people remember and can repeat.",
            "feedback, recognition, motivation",
            "Carlos Mendes",
            "Thanks everyone is pleasant, but nobody learns anything from it.",
            "Praise the specific choice someone made, such as how they simplified the pricing "
            "table for the customer.",
            "Do it soon, while the work is still fresh in their mind.",
            "Public praise suits some people; others prefer a private note, so ask.",
            "Aim for praise that tells the person exactly what to do again.",
        ),
        clip(
            "Hard feedback in a one to one",
            "Preparing for a difficult conversation and keeping it about the work.",
            "feedback, one to one, difficult conversations",
            "Marcus Hale",
            "Hard feedback goes best when you have prepared the first two sentences.",
            "Say early in the meeting that you have something difficult to discuss, and do not "
            "bury it in small talk.",
            "Stick to observable facts and their effect on the work.",
            "Pause after you have said it, and let the silence do some of the work.",
            "Agree one concrete next step and a date to check in on it.",
            "Write a short note afterwards so you both remember the same conversation.",
        ),
    ),
)

MEETINGS = TopicText(
    "Running meetings",
    "Meetings with a purpose, a plan and an ending people can act on.",
    (
        clip(
            "Agendas that earn the meeting",
            "If you cannot write the agenda, you probably do not need the meeting.",
            "meetings, agenda, planning",
            "Hannah Becker",
            "An agenda is a list of questions the meeting will answer, not a list of topics.",
            "Send it a day ahead so that people can prepare or decline.",
            "Put the decision that matters most first, while everyone is still fresh.",
            "Give each item a time box and an owner who will lead it.",
            "If every item is an update, cancel the meeting and send a written summary instead.",
        ),
        clip(
            "Keeping a meeting on track",
            "Parking lots, time checks and polite interruptions for a meeting that ends on time.",
            "meetings, facilitation, time",
            "Kwame Asante",
            "The facilitator's job is to protect the time of everyone in the room.",
            "Keep a visible parking lot for good ideas that belong to another meeting.",
            "Call time checks out loud: we have ten minutes left for this item.",
            "When someone repeats a point, summarise it for them and move on.",
            "Invite the quiet people by name, and give them a heads-up beforehand if you can.",
        ),
        clip(
            "Ending with decisions and owners",
            "The last five minutes decide whether the meeting changes anything.",
            "meetings, decisions, follow-up",
            "Sofia Rossi",
            "Reserve the last five minutes of every meeting for wrapping up.",
            "Read back each decision in one sentence and check that everyone agrees with the "
            "wording.",
            "Every action needs one owner and a date; a team is not an owner.",
            "Send the notes within the hour, while memories still match.",
            "Start the next meeting by checking the actions from the last one.",
            featured=True,
        ),
        clip(
            "Running a good remote meeting",
            "Cameras, chat and turn-taking when some or all of you are on a call.",
            "meetings, remote work, video calls",
            "Nadia Petrova",
            "In a hybrid meeting, run it as if everyone were remote, so nobody is a second-class "
            "attendee.",
            "Share the agenda on screen and keep it there.",
            "Use the chat for questions and have someone watch it for you.",
            "Go round the call for decisions instead of asking whether anyone objects.",
            "Start and end on time, because back-to-back calls leave no corridor to catch up in.",
        ),
    ),
)

WELLBEING = TopicText(
    "Wellbeing at work",
    "Sustainable pace, healthy habits and knowing when to ask for support.",
    (
        clip(
            "Protecting your focus time",
            "Blocking time for deep work and defending it kindly but firmly.",
            "focus, calendar, productivity",
            "Daniel Kim",
            "Deep work needs unbroken blocks of at least ninety minutes.",
            "Put focus blocks in your calendar as real events so others can see them.",
            "Close chat and email during those blocks; urgent things will find you by phone.",
            "Tell your team when your focus time is, so nobody feels ignored.",
            "Review every Friday whether the blocks survived the week, and adjust.",
        ),
        clip(
            "Switching off after work",
            "Small rituals that mark the end of the working day, especially at home.",
            "wellbeing, boundaries, remote work",
            "Fatima Noor",
            "When you work from home, the commute that used to end your day has disappeared.",
            "Create a small ritual instead: a walk, closing the laptop lid, writing tomorrow's "
            "first task.",
            "Turn off work notifications on your phone in the evening.",
            "If you send messages late, schedule them for the morning so others do not feel "
            "pressure.",
            "Rest is part of the work, not a reward for finishing it.",
        ),
        clip(
            "Spotting the signs of burnout",
            "Exhaustion, cynicism and a sense of not getting anywhere, and what to do next.",
            "wellbeing, burnout, support",
            "Dr Ruth Ellison",
            "Burnout rarely arrives suddenly; it builds over weeks of stretched capacity.",
            "Watch for three signs: exhaustion, growing cynicism about work, and feeling "
            "ineffective.",
            "Notice them in yourself and in colleagues who go quiet or short-tempered.",
            "Talk to your manager early, while small changes can still help.",
            "Use the support your organisation offers, such as an assistance programme, without "
            "waiting for a crisis.",
            featured=True,
        ),
        clip(
            "Taking real breaks",
            "Why short breaks away from the screen help you do better work.",
            "wellbeing, breaks, energy",
            "Liam O'Brien",
            "Attention fades after about an hour of concentrated work.",
            "A five-minute break away from the screen restores more than scrolling on your phone.",
            "Stand up, drink some water, look at something far away.",
            "Take a proper lunch break, ideally outside or with other people.",
            "Breaks are not lost time; they are how you keep the afternoon useful.",
        ),
    ),
)

LEADING = TopicText(
    "Leading teams",
    "Clarity, trust and the everyday habits of people who lead others.",
    (
        clip(
            "Delegating well",
            "Handing over outcomes, not tasks, with the context people need to decide.",
            "leadership, delegation, trust",
            "Grace Mwangi",
            "Delegating is handing over an outcome, not a list of steps.",
            "Explain why the work matters and what good looks like.",
            "Agree how often you will check in, and how much the person may decide alone.",
            "Resist taking the work back the first time it goes differently from how you would "
            "do it.",
            "Give credit in public for delegated work; it was theirs.",
        ),
        clip(
            "Running a useful one to one",
            "The meeting that belongs to the person you manage, not to the status update.",
            "leadership, one to one, coaching",
            "Priya Shah",
            "A one to one is the other person's meeting, so let them set most of the agenda.",
            "Keep status updates for the team channel and use this time for growth and obstacles.",
            "Ask open questions such as what is getting in your way this week.",
            "Take notes you both can see, and come back to them next time.",
            "Never cancel a one to one twice in a row; it tells people where they rank.",
            featured=True,
        ),
        clip(
            "Setting clear goals",
            "Goals people can repeat from memory, with a measure everyone understands.",
            "leadership, goals, planning",
            "Jonas Weber",
            "If your team cannot repeat its goals from memory, there are too many of them.",
            "Pick three goals for the quarter at most.",
            "Write each goal as an outcome with a measure, such as cut response time to one day.",
            "Connect each goal to something the organisation cares about.",
            "Review progress every fortnight and change course openly when the facts change.",
        ),
        clip(
            "Building trust in a new team",
            "Small promises kept, honest context and asking for feedback on yourself first.",
            "leadership, trust, new teams",
            "Oliver Grant",
            "Trust is built from small promises kept, again and again.",
            "In your first weeks as a leader, listen more than you change things.",
            "Share the context you have, including what you do not know yet.",
            "Admit your own mistakes quickly, so others feel safe admitting theirs.",
            "Ask the team for feedback on yourself before you give them any.",
        ),
    ),
)

TOPICS = (ONBOARDING, FEEDBACK, MEETINGS, WELLBEING, LEADING)
